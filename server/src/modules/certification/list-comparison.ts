/**
 * The certification's enterprise compared with the DRC's star list (policy-rules.md: matching
 * is by credit code; a name that differs from the list is shown to the reviewer, not silently
 * accepted). The comparison is made once at submission and stored with the round.
 */
import type { RawSql } from '../../db/client.js';
import { newestPublishedEntryOf } from '../star-lists/star-list.lookups.js';

export interface ListDifference {
  field: 'enterpriseName';
  submitted: string;
  listed: string;
}

export interface ListComparison {
  /** The credit code is on a published star list (any year). */
  onList: boolean;
  entryId: string | null;
  listYear: number | null;
  star: number | null;
  /** The enterprise name as the list has it. */
  listName: string | null;
  /** 县（市、区） as the list has it. */
  county: string | null;
  batchTitle: string | null;
  /** null when the enterprise is not on the list (nothing to compare). */
  nameMatches: boolean | null;
  differences: ListDifference[];
  comparedAt: string;
}

export interface ListEntry {
  id: string;
  listYear: number;
  star: number;
  enterpriseName: string;
  county: string;
  batchTitle: string;
}

/**
 * A name as compared: full-width and half-width forms unified (NFKC turns （） into ()), and
 * spaces dropped, so 海安某某（集团）有限公司 and 海安某某(集团)有限公司 match.
 */
export function normaliseEnterpriseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '');
}

export function compareWithList(
  submitted: { enterpriseName: string },
  entry: ListEntry | null,
  now: Date,
): ListComparison {
  if (!entry) {
    return {
      onList: false,
      entryId: null,
      listYear: null,
      star: null,
      listName: null,
      county: null,
      batchTitle: null,
      nameMatches: null,
      differences: [],
      comparedAt: now.toISOString(),
    };
  }
  const nameMatches =
    normaliseEnterpriseName(submitted.enterpriseName) ===
    normaliseEnterpriseName(entry.enterpriseName);
  return {
    onList: true,
    entryId: entry.id,
    listYear: entry.listYear,
    star: entry.star,
    listName: entry.enterpriseName,
    county: entry.county,
    batchTitle: entry.batchTitle,
    nameMatches,
    differences: nameMatches
      ? []
      : [
          {
            field: 'enterpriseName',
            submitted: submitted.enterpriseName,
            listed: entry.enterpriseName,
          },
        ],
    comparedAt: now.toISOString(),
  };
}

/** The newest published entry for a credit code (latest list year, then latest batch). */
export function findListEntry(sql: RawSql, creditCode: string): Promise<ListEntry | null> {
  return newestPublishedEntryOf(sql, creditCode);
}
