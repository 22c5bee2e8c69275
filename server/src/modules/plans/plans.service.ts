/**
 * Issuance plans (发放计划): one per star-list year, with a budget that is a ledger account.
 * Approval funds the budget from the city's appropriation; raising it is a recorded
 * transfer with a reason. Granting draws on it (ledger.service.ts) and can never overdraw it.
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError } from '../../errors.js';
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

export class PlansService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly policies: PoliciesService,
  ) {}

  async create(input: PlanInput): Promise<Plan> {
    if (!Number.isSafeInteger(input.totalBudget) || input.totalBudget <= 0) {
      throw new AppError('VALIDATION_FAILED', 'totalBudget must be whole fen > 0');
    }
    if (input.claimOpensAt >= input.claimClosesAt) {
      throw new AppError('VALIDATION_FAILED', 'the claim window must open before it closes');
    }
    const policy = await this.policies.inForce();
    const [clash] = await this.database.raw.query('SELECT 1 FROM plans WHERE list_year = $1', [
      input.listYear,
    ]);
    if (clash) throw new AppError('CONFLICT', `${input.listYear} 年度已有发放计划`);
    const [row] = await this.database.raw.query<PlanRow>(
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
    );
    return present(row as PlanRow);
  }

  /** Approves a draft plan and funds its whole budget. */
  async approve(planId: string, approvedBy: string): Promise<Plan> {
    return this.database.raw.transaction(async (tx) => {
      const plan = await this.lock(tx, planId);
      if (plan.status === 'approved') throw new AppError('CONFLICT', '发放计划已批准');
      const now = this.clock.now();
      await insertTransfers(tx, [
        {
          kind: 'fund',
          source: account.appropriation(planId),
          destination: account.budget(planId),
          amount: plan.totalBudget,
          effectiveAt: now,
          planId,
          memo: { reason: 'plan approved', by: approvedBy },
        },
      ]);
      const [row] = await tx.query<PlanRow>(
        `UPDATE plans SET status = 'approved', approved_at = $2, approved_by = $3,
           budget_balance = total_budget WHERE id = $1 RETURNING *`,
        [planId, now, approvedBy],
      );
      return present(row as PlanRow);
    });
  }

  /** Raises an approved plan's budget: a recorded transfer with its reason. */
  async raiseBudget(planId: string, amount: number, reason: string, by: string): Promise<Plan> {
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      throw new AppError('VALIDATION_FAILED', 'amount must be whole fen > 0');
    }
    if (reason.trim() === '') throw new AppError('VALIDATION_FAILED', 'a reason is required');
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
      return present(row as PlanRow);
    });
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
