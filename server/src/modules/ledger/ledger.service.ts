/**
 * The ledger's use cases: grant, deduct, reverse, expire. Each runs in one transaction that
 * locks every row whose value it decides on (`FOR UPDATE` on the tranches themselves, never
 * only a parent row: a waiting transaction must re-read the balances it will check), moves
 * money only as appended transfers, and keeps the running balances in step. CHECK constraints
 * in the schema are the last line: a bug here fails the transaction instead of overspending.
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { localYear } from '../../domain/time.js';
import { scheduleTranches, trancheStatus } from '../../domain/tranches.js';
import { AppError } from '../../errors.js';
import { enterpriseHasCreditCode } from '../accounts/accounts.lookups.js';
import { noteAudit } from '../audit/audit.scope.js';
import { DEFAULT_PROGRAMME, type PoliciesService } from '../policies/policies.service.js';
import {
  type DeductContext,
  type DeductItem,
  type DeductionResult,
  type DeductOutcome,
  deductKeyed,
  deductMany,
  type KeyedAnswer,
  type RequestKey,
} from './deduct.js';
import { account, insertTransfers, type NewTransfer } from './transfers.js';

export type { DeductItem, DeductionResult, DeductOutcome, KeyedAnswer, RequestKey };

export interface GrantInput {
  enterpriseId: string;
  creditCode: string;
  enterpriseName: string;
  listYear: number;
  star: number;
  planId: string;
  claimId?: string | null;
  /** Distinguishes a list entry when the policy allows several vouchers a year. */
  listEntryId?: string | null;
}

export interface GrantedVoucher {
  voucherId: string;
  amount: number;
  grantedAt: Date;
  policyId: string;
  tranches: Array<{
    trancheId: string;
    seq: number;
    amount: number;
    activeFrom: Date;
    expiresAt: Date;
  }>;
}

export interface ReverseInput {
  clientId: string;
  /** Only deductions of this operator can be reversed by the caller. */
  operatorId: string;
  deductionId: string;
  amount: number;
  reason: string;
}

export interface ReversalResult {
  reversalId: string;
  deductionId: string;
  amount: number;
  restored: number;
  voided: number;
  createdAt: string;
}

/**
 * The plan's budget a grant draws on. The plans module owns `plans.budget_balance` and
 * answers with `plans/plan-budget.ts`'s `planBudget`; it is handed in (services.ts) rather
 * than imported, because plans imports the ledger (funding is a ledger transfer) and an import
 * back would close a cycle.
 */
export interface PlanBudget {
  /**
   * In `tx`: locks the plan's row, refuses unless it is approved and its balance covers
   * `amount` (PLAN_NOT_FOUND, PLAN_NOT_APPROVED, BUDGET_INSUFFICIENT with the shortfall), and
   * lowers the balance by `amount`. The grant's later refusals throw, so the caller's
   * transaction rolls the draw back with everything else.
   */
  draw(tx: RawSql, planId: string, amount: number): Promise<void>;
}

export class LedgerService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly policies: PoliciesService,
    private readonly budget: PlanBudget,
  ) {}

  /**
   * Moves a voucher's full amount from the plan budget into its tranches (claim approval): the
   * plan's balance is lowered by its owner (`PlanBudget.draw`), the voucher, tranches and
   * grant transfers are written here, all in one transaction.
   */
  async grant(input: GrantInput, tx?: RawSql): Promise<GrantedVoucher> {
    if (!tx) return this.database.raw.transaction((t) => this.grant(input, t));
    const now = this.clock.now();
    const policy = await this.policies.inForce(undefined, tx);
    const amount = policy.document.tierAmounts[input.star as 3 | 4 | 5];
    if (amount === undefined) {
      throw new AppError(
        'STAR_NOT_IN_POLICY',
        `${input.star}★ has no tier in policy ${policy.version}`,
      );
    }
    // First: the draw locks the plan's row, which serialises the grants of one plan, so the
    // voucher check below sees a twin grant that committed while this one waited.
    await this.budget.draw(tx, input.planId, amount);
    const grantKey = policy.document.oneVoucherPerEnterprisePerListYear
      ? `${input.creditCode}:${input.listYear}`
      : `${input.creditCode}:${input.listYear}:${input.listEntryId ?? input.star}`;
    const [existing] = await tx.query('SELECT id FROM vouchers WHERE grant_key = $1', [grantKey]);
    if (existing) throw new AppError('VOUCHER_ALREADY_GRANTED');

    const voucherId = randomUUID();
    await tx.query(
      `INSERT INTO vouchers (id, enterprise_id, credit_code, enterprise_name, list_year, star,
         amount, plan_id, policy_id, granted_at, grant_key, claim_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        voucherId,
        input.enterpriseId,
        input.creditCode,
        input.enterpriseName,
        input.listYear,
        input.star,
        amount,
        input.planId,
        policy.id,
        now,
        grantKey,
        input.claimId ?? null,
      ],
    );
    const tranches = scheduleTranches(amount, now, policy.document).map((t) => ({
      ...t,
      trancheId: randomUUID(),
    }));
    const transfers: NewTransfer[] = [];
    for (const tranche of tranches) {
      await tx.query(
        `INSERT INTO voucher_tranches (id, voucher_id, credit_code, seq, amount, active_from,
           expires_at, balance)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $5)`,
        [
          tranche.trancheId,
          voucherId,
          input.creditCode,
          tranche.seq,
          tranche.amount,
          tranche.activeFrom,
          tranche.expiresAt,
        ],
      );
      if (tranche.amount > 0) {
        transfers.push({
          kind: 'grant',
          source: account.budget(input.planId),
          destination: account.tranche(tranche.trancheId),
          amount: tranche.amount,
          effectiveAt: now,
          planId: input.planId,
          voucherId,
          trancheId: tranche.trancheId,
        });
      }
    }
    await insertTransfers(tx, transfers);
    return { voucherId, amount, grantedAt: now, policyId: policy.id, tranches };
  }

  /** 404 ENTERPRISE_NOT_FOUND unless an enterprise has this credit code. */
  async assertEnterpriseExists(creditCode: string): Promise<void> {
    if (!(await enterpriseHasCreditCode(this.database.raw, creditCode))) {
      throw new AppError('ENTERPRISE_NOT_FOUND', `没有统一社会信用代码为 ${creditCode} 的企业`);
    }
  }

  /**
   * Deducts bills for one operator client: min(bill × coverage cap, balance of the active
   * tranches), expiring first. A refused item throws nothing here: its outcome carries the
   * error and nothing of it is written. Runs inside the caller's transaction.
   */
  deductMany(
    tx: RawSql,
    items: DeductItem[],
    caller: { clientId: string; operatorId: string },
  ): Promise<DeductOutcome[]> {
    return deductMany(tx, items, this.deductContext(caller));
  }

  /**
   * Deducts under the request's idempotency key, in one database call of its own
   * (D-ledger-fn-1). `one`: a single bill, whose refusal is thrown (AppError) and leaves
   * nothing stored with the key; otherwise a batch, answered 200 with one result per bill.
   * A twin's stored answer comes back as a replay.
   */
  deductKeyed(
    items: DeductItem[],
    caller: { clientId: string; operatorId: string },
    key: RequestKey,
    options: { one: boolean },
  ): Promise<KeyedAnswer> {
    return deductKeyed(
      this.database.raw,
      items,
      () => this.deductContext(caller),
      key,
      options.one,
    );
  }

  /** One bill; refusals throw (AppError), so the caller's transaction rolls back. */
  async deduct(
    tx: RawSql,
    item: DeductItem,
    caller: { clientId: string; operatorId: string },
  ): Promise<DeductionResult> {
    const [outcome] = await this.deductMany(tx, [item], caller);
    if (!outcome) throw new Error('deductMany returned no outcome');
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }

  private deductContext(caller: { clientId: string; operatorId: string }): DeductContext {
    return { ...caller, now: this.clock.now(), programme: DEFAULT_PROGRAMME };
  }

  /**
   * Reverses part or all of a deduction (bill cancelled or refunded). Allocations are undone
   * last-drawn first; each amount goes back to its tranche if that tranche is still active,
   * and is void otherwise. Never cash.
   */
  async reverse(tx: RawSql, input: ReverseInput): Promise<ReversalResult> {
    const now = this.clock.now();
    const [deduction] = await tx.query<{ deducted: string; reversed: string }>(
      'SELECT deducted, reversed FROM deductions WHERE id = $1 AND operator_id = $2 FOR UPDATE',
      [input.deductionId, input.operatorId],
    );
    if (!deduction) throw new AppError('DEDUCTION_NOT_FOUND');
    const reversible = Number(deduction.deducted) - Number(deduction.reversed);
    if (input.amount > reversible) {
      throw new AppError(
        'REVERSAL_EXCEEDS_DEDUCTION',
        `冲正金额 ${input.amount} 分超过可冲正金额 ${reversible} 分`,
        { reversible },
      );
    }
    const allocations = await tx.query<{
      tranche_id: string;
      voucher_id: string;
      policy_id: string;
      amount: string;
      reversed: string;
      active_from: Date;
      expires_at: Date;
      balance: string;
    }>(
      `SELECT a.tranche_id, t.voucher_id, v.policy_id, a.amount, a.reversed, t.active_from,
              t.expires_at, t.balance
         FROM deduction_allocations a
         JOIN voucher_tranches t ON t.id = a.tranche_id
         JOIN vouchers v ON v.id = t.voucher_id
        WHERE a.deduction_id = $1
        ORDER BY t.id
          FOR UPDATE OF a, t`,
      [input.deductionId],
    );
    // Undo the tranche drawn last first: it is the one expiring latest.
    allocations.sort((a, b) => new Date(b.expires_at).getTime() - new Date(a.expires_at).getTime());
    const reversalId = randomUUID();
    // A reversal is a credit in the settlement year it happens in (like a credit note).
    const policy = await this.policies.byIdOrThrow(allocations[0]?.policy_id ?? '', tx);
    const settlementYear = localYear(now, policy.document.timeZone);
    let remaining = input.amount;
    let restored = 0;
    let voided = 0;
    const transfers: NewTransfer[] = [];
    for (const allocation of allocations) {
      if (remaining === 0) break;
      const take = Math.min(remaining, Number(allocation.amount) - Number(allocation.reversed));
      if (take <= 0) continue;
      remaining -= take;
      const status = trancheStatus(
        {
          activeFrom: new Date(allocation.active_from),
          expiresAt: new Date(allocation.expires_at),
          balance: Number(allocation.balance),
        },
        now,
      );
      const stillUsable = status === 'active' || status === 'exhausted';
      if (stillUsable) {
        restored += take;
        await tx.query(
          'UPDATE voucher_tranches SET balance = balance + $2, used = used - $2 WHERE id = $1',
          [allocation.tranche_id, take],
        );
      } else {
        voided += take;
        await tx.query(
          'UPDATE voucher_tranches SET used = used - $2, voided = voided + $2 WHERE id = $1',
          [allocation.tranche_id, take],
        );
      }
      await tx.query(
        `UPDATE deduction_allocations SET reversed = reversed + $3
          WHERE deduction_id = $1 AND tranche_id = $2`,
        [input.deductionId, allocation.tranche_id, take],
      );
      transfers.push({
        kind: stillUsable ? 'restore' : 'reversal_void',
        source: account.redeemed(settlementYear),
        destination: stillUsable ? account.tranche(allocation.tranche_id) : account.void,
        amount: take,
        effectiveAt: now,
        voucherId: allocation.voucher_id,
        trancheId: allocation.tranche_id,
        deductionId: input.deductionId,
        reversalId,
        settlementYear,
      });
    }
    await tx.query(
      `INSERT INTO reversals (id, deduction_id, client_id, amount, restored, voided, reason,
         created_at, settlement_year)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        reversalId,
        input.deductionId,
        input.clientId,
        input.amount,
        restored,
        voided,
        input.reason,
        now,
        settlementYear,
      ],
    );
    await tx.query('UPDATE deductions SET reversed = reversed + $2 WHERE id = $1', [
      input.deductionId,
      input.amount,
    ]);
    await insertTransfers(tx, transfers);
    return {
      reversalId,
      deductionId: input.deductionId,
      amount: input.amount,
      restored,
      voided,
      createdAt: now.toISOString(),
    };
  }

  /**
   * Records in the ledger every expiry the clock has passed and the ledger has not yet
   * written: the balance moves tranche → void. Idempotent, and catches up after downtime.
   */
  async recordExpiries(limit = 1_000): Promise<number> {
    const now = this.clock.now();
    let recorded = 0;
    for (;;) {
      const batch = await this.database.raw.transaction(async (tx) => {
        const due = await tx.query<{ id: string; voucher_id: string; balance: string }>(
          `SELECT id, voucher_id, balance FROM voucher_tranches
            WHERE expires_at <= $1 AND expiry_recorded_at IS NULL
            ORDER BY id LIMIT $2
              FOR UPDATE SKIP LOCKED`,
          [now, limit],
        );
        const transfers: NewTransfer[] = [];
        for (const tranche of due) {
          const balance = Number(tranche.balance);
          await tx.query(
            `UPDATE voucher_tranches SET voided = voided + balance, balance = 0,
               expiry_recorded_at = $2 WHERE id = $1`,
            [tranche.id, now],
          );
          if (balance > 0) {
            transfers.push({
              kind: 'expire',
              source: account.tranche(tranche.id),
              destination: account.void,
              amount: balance,
              effectiveAt: now,
              voucherId: tranche.voucher_id,
              trancheId: tranche.id,
            });
          }
        }
        await insertTransfers(tx, transfers);
        // The job's audit row for this batch, committed with it (D-audit-tx-1).
        noteAudit({
          detail: {
            tranches: due.length,
            voided: transfers.reduce((sum, transfer) => sum + transfer.amount, 0),
          },
        });
        return due.length;
      });
      recorded += batch;
      if (batch < limit) return recorded;
    }
  }
}
