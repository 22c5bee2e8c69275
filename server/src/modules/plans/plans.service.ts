/**
 * Issuance plans (发放计划): one per star-list year, with a budget that is a ledger account.
 * Approval funds the budget from the city's appropriation; raising it is a recorded
 * transfer with a reason. Granting draws on it (ledger.service.ts) and can never overdraw it.
 */

import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError, fieldError } from '../../errors.js';
import { noteAudit } from '../audit/audit.scope.js';
import { isUniqueViolation } from '../ledger/deduct.js';
import { account, insertTransfers } from '../ledger/transfers.js';
import type { PoliciesService } from '../policies/policies.service.js';

export interface PlanInput {
  listYear: number;
  title: string;
  totalBudget: number;
  claimOpensAt: Date;
  claimClosesAt: Date;
}

export interface Plan {
  id: string;
  listYear: number;
  policyId: string;
  title: string;
  totalBudget: number;
  budgetBalance: number;
  claimOpensAt: Date;
  claimClosesAt: Date;
  status: 'draft' | 'approved';
  approvedAt: Date | null;
  approvedBy: string | null;
}

interface PlanRow {
  id: string;
  list_year: number;
  policy_id: string;
  title: string;
  total_budget: string | number;
  budget_balance: string | number;
  claim_opens_at: Date;
  claim_closes_at: Date;
  status: 'draft' | 'approved';
  approved_at: Date | null;
  approved_by: string | null;
}

function planExists(listYear: number): AppError {
  return new AppError('PLAN_ALREADY_EXISTS', `${listYear} 年度已有发放计划`);
}

function present(row: PlanRow): Plan {
  return {
    id: row.id,
    listYear: row.list_year,
    policyId: row.policy_id,
    title: row.title,
    totalBudget: Number(row.total_budget),
    budgetBalance: Number(row.budget_balance),
    claimOpensAt: new Date(row.claim_opens_at),
    claimClosesAt: new Date(row.claim_closes_at),
    status: row.status,
    approvedAt: row.approved_at ? new Date(row.approved_at) : null,
    approvedBy: row.approved_by,
  };
}

type Star = 3 | 4 | 5;

/** The live budget: what is granted, what is left, and what the published list still needs. */
export interface BudgetView {
  /** The plan's total budget (raised budgets included). */
  total: number;
  /** Sum of the plan's grant transfers: vouchers granted so far. */
  granted: number;
  grantedVouchers: number;
  /** What can still be granted: the budget account's balance; for a draft, the total it will hold. */
  remaining: number;
  /**
   * Tier amounts (policy in force) of the year's published entries that have no voucher yet:
   * what granting every one of them would still take.
   */
  needAhead: number;
  entriesAhead: number;
  needByStar: Record<Star, { entries: number; amount: number }>;
  /** needAhead beyond remaining; 0 when the budget suffices. */
  shortfall: number;
  /** needAhead > remaining. */
  warning: boolean;
  policyVersion: string;
  tierAmounts: Record<Star, number>;
}

export interface BudgetChange {
  /** The approval funds the first budget; each raise is an increase with its reason. */
  kind: 'approval' | 'increase';
  amount: number;
  reason: string;
  by: string | null;
  at: Date;
}

export interface PlanDetail {
  plan: Plan;
  /** Version of the policy in force when the plan was created. */
  policyVersion: string;
  budget: BudgetView;
  history: BudgetChange[];
}

export class PlansService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly policies: PoliciesService,
  ) {}

  async create(input: PlanInput): Promise<Plan> {
    if (!Number.isSafeInteger(input.totalBudget) || input.totalBudget <= 0) {
      throw fieldError('body.totalBudget', '预算总额须大于 0，且以分为单位的整数');
    }
    if (input.claimOpensAt >= input.claimClosesAt) {
      throw fieldError('body.claimClosesAt', '认领截止时间须晚于开始时间');
    }
    const policy = await this.policies.inForce();
    const [clash] = await this.database.raw.query('SELECT 1 FROM plans WHERE list_year = $1', [
      input.listYear,
    ]);
    if (clash) throw planExists(input.listYear);
    try {
      // A transaction, so the creation's audit row commits with it (D-audit-tx-4).
      const [row] = await this.database.raw.transaction((tx) =>
        tx.query<PlanRow>(
          `INSERT INTO plans (id, list_year, policy_id, title, total_budget, budget_balance,
           claim_opens_at, claim_closes_at, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 0, $6, $7, 'draft', $8) RETURNING *`,
          [
            randomUUID(),
            input.listYear,
            policy.id,
            input.title,
            input.totalBudget,
            input.claimOpensAt,
            input.claimClosesAt,
            this.clock.now(),
          ],
        ),
      );
      return present(row as PlanRow);
    } catch (error) {
      // Two creations of the same year at once: the unique list_year decides.
      if (isUniqueViolation(error)) throw planExists(input.listYear);
      throw error;
    }
  }

  /** Approves a draft plan and funds its whole budget. */
  async approve(planId: string, approvedBy: string): Promise<Plan> {
    return this.database.raw.transaction(async (tx) => {
      const plan = await this.lock(tx, planId);
      if (plan.status === 'approved') throw new AppError('PLAN_ALREADY_APPROVED');
      const now = this.clock.now();
      await insertTransfers(tx, [
        {
          kind: 'fund',
          source: account.appropriation(planId),
          destination: account.budget(planId),
          amount: plan.totalBudget,
          effectiveAt: now,
          planId,
          memo: { reason: '发放计划批准', by: approvedBy },
        },
      ]);
      const [row] = await tx.query<PlanRow>(
        `UPDATE plans SET status = 'approved', approved_at = $2, approved_by = $3,
           budget_balance = total_budget WHERE id = $1 RETURNING *`,
        [planId, now, approvedBy],
      );
      const approved = present(row as PlanRow);
      // The approval's audit row commits with it (D-audit-tx-1).
      noteAudit({ detail: { listYear: approved.listYear, totalBudget: approved.totalBudget } });
      return approved;
    });
  }

  /** Raises an approved plan's budget: a recorded transfer with its reason. */
  async raiseBudget(planId: string, amount: number, reason: string, by: string): Promise<Plan> {
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      throw fieldError('body.amount', '追加金额须大于 0，且以分为单位的整数');
    }
    if (reason.trim() === '') throw fieldError('body.reason', '请填写追加原因');
    return this.database.raw.transaction(async (tx) => {
      const plan = await this.lock(tx, planId);
      if (plan.status !== 'approved') throw new AppError('PLAN_NOT_APPROVED');
      await insertTransfers(tx, [
        {
          kind: 'fund',
          source: account.appropriation(planId),
          destination: account.budget(planId),
          amount,
          effectiveAt: this.clock.now(),
          planId,
          memo: { reason, by },
        },
      ]);
      const [row] = await tx.query<PlanRow>(
        `UPDATE plans SET total_budget = total_budget + $2, budget_balance = budget_balance + $2
          WHERE id = $1 RETURNING *`,
        [planId, amount],
      );
      const raised = present(row as PlanRow);
      // The raise's audit row commits with it (D-audit-tx-1).
      noteAudit({ detail: { amount, reason, totalBudget: raised.totalBudget } });
      return raised;
    });
  }

  async list(): Promise<Plan[]> {
    const rows = await this.database.raw.query<PlanRow>(
      'SELECT * FROM plans ORDER BY list_year DESC',
    );
    return rows.map(present);
  }

  async byId(planId: string): Promise<Plan> {
    const [row] = await this.database.raw.query<PlanRow>('SELECT * FROM plans WHERE id = $1', [
      planId,
    ]);
    if (!row) throw new AppError('PLAN_NOT_FOUND');
    return present(row);
  }

  /** The plan of a list year with its live budget and the history of its budget. */
  async detail(listYear: number): Promise<PlanDetail> {
    const plan = await this.byYear(listYear);
    if (!plan) throw new AppError('PLAN_NOT_FOUND', `${listYear} 年度还没有发放计划`);
    return this.detailOf(plan);
  }

  async detailOf(plan: Plan): Promise<PlanDetail> {
    const sql = this.database.raw;
    const [own, inForce] = await Promise.all([
      this.policies.byIdOrThrow(plan.policyId),
      this.policies.inForce(),
    ]);
    const tierAmounts = inForce.document.tierAmounts;
    const [granted] = await sql.query<{ amount: string; vouchers: string }>(
      `SELECT (SELECT coalesce(sum(amount), 0) FROM ledger_transfers
                WHERE kind = 'grant' AND plan_id = $1) AS amount,
              (SELECT count(*) FROM vouchers WHERE plan_id = $1) AS vouchers`,
      [plan.id],
    );
    // Published entries of the year that no voucher has been granted for, by star.
    const ahead = await sql.query<{ star: number; entries: string }>(
      `SELECT e.star, count(*) AS entries
         FROM star_list_entries e
         JOIN star_list_batches b ON b.id = e.batch_id AND b.status = 'published'
        WHERE e.list_year = $1
          AND NOT EXISTS (SELECT 1 FROM vouchers v
                           WHERE v.credit_code = e.credit_code AND v.list_year = e.list_year)
          AND NOT EXISTS (SELECT 1 FROM claims c
                           WHERE c.entry_id = e.id AND c.voucher_id IS NOT NULL)
        GROUP BY e.star`,
      [plan.listYear],
    );
    const needByStar: BudgetView['needByStar'] = {
      3: { entries: 0, amount: 0 },
      4: { entries: 0, amount: 0 },
      5: { entries: 0, amount: 0 },
    };
    for (const row of ahead) {
      const star = row.star as Star;
      const entries = Number(row.entries);
      needByStar[star] = { entries, amount: entries * tierAmounts[star] };
    }
    const needAhead = needByStar[3].amount + needByStar[4].amount + needByStar[5].amount;
    const remaining = plan.status === 'approved' ? plan.budgetBalance : plan.totalBudget;
    const history = await sql.query<{ amount: string; memo: unknown; effective_at: Date }>(
      `SELECT amount, memo, effective_at FROM ledger_transfers
        WHERE kind = 'fund' AND plan_id = $1 ORDER BY seq`,
      [plan.id],
    );
    return {
      plan,
      policyVersion: own.version,
      budget: {
        total: plan.totalBudget,
        granted: Number(granted?.amount ?? 0),
        grantedVouchers: Number(granted?.vouchers ?? 0),
        remaining,
        needAhead,
        entriesAhead: needByStar[3].entries + needByStar[4].entries + needByStar[5].entries,
        needByStar,
        shortfall: Math.max(0, needAhead - remaining),
        warning: needAhead > remaining,
        policyVersion: inForce.version,
        tierAmounts: { 3: tierAmounts[3], 4: tierAmounts[4], 5: tierAmounts[5] },
      },
      history: history.map((row, index) => {
        const memo = (typeof row.memo === 'string' ? JSON.parse(row.memo) : row.memo) as {
          reason?: unknown;
          by?: unknown;
        } | null;
        return {
          kind: index === 0 ? 'approval' : 'increase',
          amount: Number(row.amount),
          reason: typeof memo?.reason === 'string' ? memo.reason : '',
          by: typeof memo?.by === 'string' ? memo.by : null,
          at: new Date(row.effective_at),
        };
      }),
    };
  }

  async byYear(listYear: number): Promise<Plan | null> {
    const [row] = await this.database.raw.query<PlanRow>(
      'SELECT * FROM plans WHERE list_year = $1',
      [listYear],
    );
    return row ? present(row) : null;
  }

  private async lock(tx: RawSql, planId: string): Promise<Plan> {
    const [row] = await tx.query<PlanRow>('SELECT * FROM plans WHERE id = $1 FOR UPDATE', [planId]);
    if (!row) throw new AppError('PLAN_NOT_FOUND');
    return present(row);
  }
}
