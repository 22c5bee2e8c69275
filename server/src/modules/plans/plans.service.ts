/**
 * Issuance plans (发放计划): one per star-list year, with a budget that is a ledger account.
 * Approval funds the budget from the city's appropriation; raising it is a recorded
 * transfer with a reason. Granting draws on it (plan-budget.ts, called in the ledger's grant)
 * and can never overdraw it.
 */

import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError, fieldError } from '../../errors.js';
import { noteAudit } from '../audit/audit.scope.js';
import { fundingsOfPlan, grantedFromPlan } from '../ledger/budget-lookups.js';
import { isUniqueViolation } from '../ledger/deduct.js';
import { account, insertTransfers } from '../ledger/transfers.js';
import type { PoliciesService } from '../policies/policies.service.js';
import { entriesAheadByStar } from './need-ahead.query.js';
import { type Plan, type PlanRow, planById, planOfYear, presentPlan } from './plans.lookups.js';

export type { Plan } from './plans.lookups.js';

export interface PlanInput {
  listYear: number;
  title: string;
  totalBudget: number;
  claimOpensAt: Date;
  claimClosesAt: Date;
}

function planExists(listYear: number): AppError {
  return new AppError('PLAN_ALREADY_EXISTS', `${listYear} 年度已有发放计划`);
}

const present = presentPlan;

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
    const plan = await planById(this.database.raw, planId);
    if (!plan) throw new AppError('PLAN_NOT_FOUND');
    return plan;
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
    const [granted, ahead, fundings] = await Promise.all([
      grantedFromPlan(sql, plan.id),
      entriesAheadByStar(sql, plan.listYear),
      fundingsOfPlan(sql, plan.id),
    ]);
    const needByStar: BudgetView['needByStar'] = {
      3: { entries: ahead[3], amount: ahead[3] * tierAmounts[3] },
      4: { entries: ahead[4], amount: ahead[4] * tierAmounts[4] },
      5: { entries: ahead[5], amount: ahead[5] * tierAmounts[5] },
    };
    const needAhead = needByStar[3].amount + needByStar[4].amount + needByStar[5].amount;
    const remaining = plan.status === 'approved' ? plan.budgetBalance : plan.totalBudget;
    return {
      plan,
      policyVersion: own.version,
      budget: {
        total: plan.totalBudget,
        granted: granted.amount,
        grantedVouchers: granted.vouchers,
        remaining,
        needAhead,
        entriesAhead: needByStar[3].entries + needByStar[4].entries + needByStar[5].entries,
        needByStar,
        shortfall: Math.max(0, needAhead - remaining),
        warning: needAhead > remaining,
        policyVersion: inForce.version,
        tierAmounts: { 3: tierAmounts[3], 4: tierAmounts[4], 5: tierAmounts[5] },
      },
      history: fundings.map((funding, index) => {
        const memo = funding.memo as { reason?: unknown; by?: unknown } | null;
        return {
          kind: index === 0 ? 'approval' : 'increase',
          amount: funding.amount,
          reason: typeof memo?.reason === 'string' ? memo.reason : '',
          by: typeof memo?.by === 'string' ? memo.by : null,
          at: funding.effectiveAt,
        };
      }),
    };
  }

  byYear(listYear: number): Promise<Plan | null> {
    return planOfYear(this.database.raw, listYear);
  }

  private async lock(tx: RawSql, planId: string): Promise<Plan> {
    const [row] = await tx.query<PlanRow>('SELECT * FROM plans WHERE id = $1 FOR UPDATE', [planId]);
    if (!row) throw new AppError('PLAN_NOT_FOUND');
    return present(row);
  }
}
