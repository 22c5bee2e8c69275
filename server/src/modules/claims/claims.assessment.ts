/**
 * Running the claim checks against the database. `claims.checks.ts` is the pure rule list;
 * this reads the facts it needs (another claim for the entry, a voucher already granted, who
 * holds the contract) and the voucher amount the policy gives a star. Submission, resubmission,
 * the reviewer's detail and approval all judge a claim through `assess`, so the enterprise is
 * refused by exactly the rules the reviewer sees.
 */
import type { RawSql } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { StoredPolicy } from '../policies/policies.service.js';
import { type AssessOptions, assessClaim, type Checks, firstRefusal } from './claims.checks.js';
import * as facts from './claims.facts.js';
import * as repo from './claims.repo.js';

/** The voucher amount the policy gives a star level. */
export function tierAmount(policy: StoredPolicy, star: number): number {
  const amount = policy.document.tierAmounts[star as 3 | 4 | 5];
  if (amount === undefined) {
    throw new AppError('STAR_NOT_IN_POLICY', `${star} 星不在政策 ${policy.version} 的档位内`);
  }
  return amount;
}

/** Throws the first blocking rule the checks break, as the error the caller gets. */
export function refuse(checks: Checks): void {
  const refusal = firstRefusal(checks);
  if (refusal) throw new AppError(refusal.code, refusal.message);
}

/** Reads what the checks need and runs them. */
export async function assess(
  sql: RawSql,
  input: {
    organisation: facts.OrganisationFacts;
    entry: facts.EntryDetail | null;
    claimId: string | null;
    claimedAt: Date;
    contractSha256: string | null;
    policy: StoredPolicy;
    mode: AssessOptions['mode'];
  },
): Promise<Checks> {
  const { entry, claimId, contractSha256 } = input;
  // One query at a time: this often runs on a transaction's single connection.
  const otherClaimId =
    entry && input.mode === 'submit' ? await repo.claimIdForEntry(sql, entry.id) : null;
  const grantedVoucherId = entry
    ? await facts.otherVoucherId(sql, {
        creditCode: entry.creditCode,
        listYear: entry.listYear,
        claimId,
      })
    : null;
  const contractUsedBy = contractSha256 ? await repo.contractOwner(sql, contractSha256) : null;
  return assessClaim(
    {
      organisation: input.organisation,
      entry,
      claimedAt: input.claimedAt,
      amount: entry ? tierAmount(input.policy, entry.star) : 0,
      otherClaimId,
      grantedVoucherId,
      contract: contractSha256 ? { sha256: contractSha256 } : 'missing',
      contractUsedBy: contractUsedBy !== null && contractUsedBy !== claimId ? contractUsedBy : null,
    },
    { timeZone: input.policy.document.timeZone, mode: input.mode },
  );
}
