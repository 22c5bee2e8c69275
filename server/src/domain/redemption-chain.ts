/**
 * The redemption chain as a state machine (第十五条 to 第十八条), pure: which role may take which
 * action on a submission in which status, and where it leads. The service applies it under a
 * row lock and compare-and-set; nothing here touches the database.
 *
 *   operator submits ─► submitted ─(Data Bureau approves)─► bureau-approved ─(DRC sends)─►
 *   sent-to-finance ─(Finance approves)─► finance-approved ─(Finance records payment)─► paid
 *
 * Returns go one department back: the Data Bureau returns to the operator (the round ends as
 * `returned`; the operator submits a new build), the DRC to the Data Bureau (`submitted`
 * again), Finance to the DRC (`bureau-approved` again).
 */
import type { Role } from './permissions.js';

export type RedemptionStatus =
  | 'submitted'
  | 'returned'
  | 'bureau-approved'
  | 'sent-to-finance'
  | 'finance-approved'
  | 'paid';

export type RedemptionAction =
  | 'decide-lines'
  | 'bureau-approve'
  | 'bureau-return'
  | 'drc-send'
  | 'drc-return'
  | 'finance-approve'
  | 'finance-return'
  | 'pay';

interface Transition {
  from: RedemptionStatus;
  to: RedemptionStatus;
  roles: readonly Role[];
}

export const TRANSITIONS: Record<RedemptionAction, Transition> = {
  'decide-lines': {
    from: 'submitted',
    to: 'submitted',
    roles: ['data_bureau_reviewer', 'data_bureau_admin'],
  },
  'bureau-approve': { from: 'submitted', to: 'bureau-approved', roles: ['data_bureau_admin'] },
  'bureau-return': { from: 'submitted', to: 'returned', roles: ['data_bureau_admin'] },
  'drc-send': { from: 'bureau-approved', to: 'sent-to-finance', roles: ['drc_officer'] },
  'drc-return': { from: 'bureau-approved', to: 'submitted', roles: ['drc_officer'] },
  'finance-approve': {
    from: 'sent-to-finance',
    to: 'finance-approved',
    roles: ['finance_officer'],
  },
  'finance-return': { from: 'sent-to-finance', to: 'bureau-approved', roles: ['finance_officer'] },
  pay: { from: 'finance-approved', to: 'paid', roles: ['finance_officer'] },
};

export type TransitionRefusal = 'WRONG_ROLE' | 'WRONG_STATUS';

/** Where `action` leads from `status` for `role`, or why it may not be taken. */
export function transition(
  status: RedemptionStatus,
  action: RedemptionAction,
  role: Role,
): { ok: true; to: RedemptionStatus } | { ok: false; refusal: TransitionRefusal } {
  const rule = TRANSITIONS[action];
  if (!rule.roles.includes(role)) return { ok: false, refusal: 'WRONG_ROLE' };
  if (rule.from !== status) return { ok: false, refusal: 'WRONG_STATUS' };
  return { ok: true, to: rule.to };
}

/** The open API's settlement status (open-api.md “Statements and settlements”). */
export function publicSettlementStatus(
  status: RedemptionStatus | null,
  yearEnded: boolean,
): 'open' | 'draft' | 'submitted' | 'returned' | 'bureau-approved' | 'sent-to-finance' | 'paid' {
  if (status === null) return yearEnded ? 'draft' : 'open';
  if (status === 'finance-approved') return 'sent-to-finance';
  return status;
}

/** A line's recognised amount from the reviewer's decision; null with a reason when refused. */
export function recognisedFor(
  decision: 'accept' | 'reject' | 'reduce',
  netWriteOff: number,
  reduced: number | undefined,
): { ok: true; recognised: number } | { ok: false; reason: 'AMOUNT_REQUIRED' | 'AMOUNT_RANGE' } {
  if (decision === 'accept') return { ok: true, recognised: Math.max(0, netWriteOff) };
  if (decision === 'reject') return { ok: true, recognised: 0 };
  if (reduced === undefined) return { ok: false, reason: 'AMOUNT_REQUIRED' };
  if (!Number.isSafeInteger(reduced) || reduced < 0 || reduced >= Math.max(0, netWriteOff)) {
    return { ok: false, reason: 'AMOUNT_RANGE' };
  }
  return { ok: true, recognised: reduced };
}
