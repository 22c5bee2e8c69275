/**
 * The one change another module makes to a plan: a grant draws the voucher's amount from the
 * plan's budget (`plans.budget_balance`, the running balance of the ledger account
 * `budget:<plan>`). Plans owns the table, so the rule and the write are here; the ledger calls
 * `planBudget.draw` inside the grant's transaction (it is handed to `LedgerService` in
 * services.ts, because plans imports the ledger), so the check, the draw and the grant's
 * voucher, tranches and transfers commit or roll back together.
 */
import type { RawSql } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { PlanBudget } from '../ledger/ledger.service.js';

/**
 * Locks the plan's row (`FOR UPDATE`: a second grant of the same plan waits here and then
 * re-reads the balance it will check), refuses unless the plan is approved and its balance
 * covers `amount`, and lowers the balance. The `plans_budget_non_negative` CHECK is the last
 * line should this ever be called without the lock.
 */
export async function drawBudget(tx: RawSql, planId: string, amount: number): Promise<void> {
  const [plan] = await tx.query<{ budget_balance: string; status: string }>(
    'SELECT budget_balance, status FROM plans WHERE id = $1 FOR UPDATE',
    [planId],
  );
  if (!plan) throw new AppError('PLAN_NOT_FOUND');
  if (plan.status !== 'approved') throw new AppError('PLAN_NOT_APPROVED');
  const budget = Number(plan.budget_balance);
  if (budget < amount) {
    const shortfall = amount - budget;
    throw new AppError(
      'BUDGET_INSUFFICIENT',
      `发放计划预算不足：需要 ${amount} 分，剩余 ${budget} 分，缺口 ${shortfall} 分`,
      { required: amount, remaining: budget, shortfall },
    );
  }
  await tx.query('UPDATE plans SET budget_balance = budget_balance - $2 WHERE id = $1', [
    planId,
    amount,
  ]);
}

/** What `LedgerService` is given to draw on plans' budgets. */
export const planBudget: PlanBudget = { draw: drawBudget };
