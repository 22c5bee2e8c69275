/**
 * What both sides of a claim are shown, and how repository rows become it: the contract's
 * file metadata and each submission round. The enterprise's claim view and the reviewer's
 * detail both list rounds this way, so a round reads the same in either workspace.
 */
import type * as listing from './claims.listing.js';

/** Who acts: a signed-in user of an organisation (an `Actor` fits). */
export interface Caller {
  userId: string;
  organisationId: string;
}

export interface FileMeta {
  id: string;
  originalName: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** Where an authorised reader views it (inline). */
  url: string;
}

export interface RoundView {
  roundNo: number;
  contract: FileMeta;
  submittedAt: string;
  decision: 'approved' | 'returned' | null;
  reason: string | null;
  reviewedAt: string | null;
}

export const fileUrl = (id: string) => `/api/files/${encodeURIComponent(id)}`;
export const iso = (value: Date | string) => new Date(value).toISOString();
export const isoOrNull = (value: Date | string | null) => (value ? iso(value) : null);

export function presentFile(row: {
  id: string;
  original_name: string;
  media_type: string;
  size: string | number;
  sha256: string;
}): FileMeta {
  return {
    id: row.id,
    originalName: row.original_name,
    mediaType: row.media_type,
    size: Number(row.size),
    sha256: row.sha256,
    url: fileUrl(row.id),
  };
}

export function presentRound(row: listing.RoundRow): RoundView {
  return {
    roundNo: row.round_no,
    contract: presentFile({
      id: row.contract_file_id,
      original_name: row.file_name,
      media_type: row.file_media_type,
      size: row.file_size,
      sha256: row.contract_sha256,
    }),
    submittedAt: iso(row.submitted_at),
    decision: row.decision,
    reason: row.reason,
    reviewedAt: isoOrNull(row.reviewed_at),
  };
}
