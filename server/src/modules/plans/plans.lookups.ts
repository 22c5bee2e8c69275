/**
 * What other modules may ask of the issuance plans without reading the `plans` table
 * (issue 11 item 2): a plan by id or by list year, as `PlansService` presents it. Takes the
 * `RawSql` to run on, so a caller inside a transaction asks inside it. Reading only; the one
 * write another module needs (a grant's draw on the budget) is plan-budget.ts.
 */
import type { RawSql } from '../../db/client.js';

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

export interface PlanRow {
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

export function presentPlan(row: PlanRow): Plan {
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

/** The plan with this id, or null. */
export async function planById(sql: RawSql, planId: string): Promise<Plan | null> {
  const [row] = await sql.query<PlanRow>('SELECT * FROM plans WHERE id = $1', [planId]);
  return row ? presentPlan(row) : null;
}

/** The plan of a list year (there is at most one), or null. */
export async function planOfYear(sql: RawSql, listYear: number): Promise<Plan | null> {
  const [row] = await sql.query<PlanRow>('SELECT * FROM plans WHERE list_year = $1', [listYear]);
  return row ? presentPlan(row) : null;
}
