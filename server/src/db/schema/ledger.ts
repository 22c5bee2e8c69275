/**
 * The money core. Money moves only as transfers (source → destination, a positive amount),
 * appended to `ledger_transfers` and never changed (a trigger refuses UPDATE and DELETE).
 * Accounts are named, not tabled: `appropriation:<plan>` (the city budget line, a source),
 * `budget:<plan>`, `tranche:<id>`, `redeemed:<year>` (owed to the operator for write-offs in
 * that settlement year), `paid:<year>`, `void`.
 *
 * Only the accounts that must never go negative keep a running balance, locked in the
 * transaction that moves them and guarded by CHECK constraints: a plan's budget
 * (`plans.budget_balance`) and each tranche (`voucher_tranches.balance`). The others are
 * sums over transfers, computed when read, so no single hot row serialises every deduction.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { organisations } from './organisations.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const fen = (name: string) => bigint(name, { mode: 'number' });

/** A programme's policy documents (policy-rules.md, every field marked policy), versioned. */
export const policies = pgTable(
  'policies',
  {
    id: text('id').primaryKey(),
    programme: text('programme').notNull(),
    version: text('version').notNull(),
    document: jsonb('document').notNull(),
    publishedAt: ts('published_at').notNull(),
    publishedBy: text('published_by'),
    /** When a newer version took over; null for the version in force. */
    supersededAt: ts('superseded_at'),
  },
  (t) => [unique('policies_programme_version_uq').on(t.programme, t.version)],
);

/** The Data Bureau's issuance plan for one star-list year, and its budget account. */
export const plans = pgTable(
  'plans',
  {
    id: text('id').primaryKey(),
    listYear: integer('list_year').notNull().unique(),
    policyId: text('policy_id')
      .notNull()
      .references(() => policies.id),
    title: text('title').notNull(),
    totalBudget: fen('total_budget').notNull(),
    /** What is left to grant: the running balance of `budget:<id>`. */
    budgetBalance: fen('budget_balance').notNull(),
    claimOpensAt: ts('claim_opens_at').notNull(),
    claimClosesAt: ts('claim_closes_at').notNull(),
    status: text('status', { enum: ['draft', 'approved'] }).notNull(),
    approvedAt: ts('approved_at'),
    approvedBy: text('approved_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    check('plans_budget_non_negative', sql`${t.budgetBalance} >= 0`),
    check('plans_budget_within_total', sql`${t.budgetBalance} <= ${t.totalBudget}`),
    check('plans_window_order', sql`${t.claimOpensAt} < ${t.claimClosesAt}`),
  ],
);

export const vouchers = pgTable(
  'vouchers',
  {
    id: text('id').primaryKey(),
    enterpriseId: text('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    creditCode: text('credit_code').notNull(),
    enterpriseName: text('enterprise_name').notNull(),
    listYear: integer('list_year').notNull(),
    star: integer('star').notNull(),
    amount: fen('amount').notNull(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id),
    /** The policy version it was granted under; later versions never change it. */
    policyId: text('policy_id')
      .notNull()
      .references(() => policies.id),
    /** The claim date D: tranches run from here. */
    grantedAt: ts('granted_at').notNull(),
    /** Uniqueness the policy asks for, e.g. `<creditCode>:<listYear>` (one per year). */
    grantKey: text('grant_key').notNull().unique(),
    claimId: text('claim_id'),
  },
  (t) => [
    index('vouchers_credit_code_idx').on(t.creditCode),
    index('vouchers_enterprise_idx').on(t.enterpriseId),
    check('vouchers_amount_positive', sql`${t.amount} > 0`),
    check('vouchers_star', sql`${t.star} BETWEEN 1 AND 5`),
  ],
);

export const voucherTranches = pgTable(
  'voucher_tranches',
  {
    id: text('id').primaryKey(),
    voucherId: text('voucher_id')
      .notNull()
      .references(() => vouchers.id),
    creditCode: text('credit_code').notNull(),
    seq: integer('seq').notNull(),
    amount: fen('amount').notNull(),
    activeFrom: ts('active_from').notNull(),
    expiresAt: ts('expires_at').notNull(),
    /** Running balance of `tranche:<id>`. */
    balance: fen('balance').notNull(),
    /** Deducted less restored. */
    used: fen('used').notNull().default(0),
    /** Lost at expiry, or returned by a reversal after expiry. */
    voided: fen('voided').notNull().default(0),
    /** When the expiry job wrote the expiry transfer (null until then). */
    expiryRecordedAt: ts('expiry_recorded_at'),
  },
  (t) => [
    unique('voucher_tranches_voucher_seq_uq').on(t.voucherId, t.seq),
    index('voucher_tranches_credit_code_idx').on(t.creditCode, t.expiresAt),
    check('voucher_tranches_balance_non_negative', sql`${t.balance} >= 0`),
    check('voucher_tranches_used_non_negative', sql`${t.used} >= 0`),
    check('voucher_tranches_voided_non_negative', sql`${t.voided} >= 0`),
    check(
      'voucher_tranches_conservation',
      sql`${t.balance} = ${t.amount} - ${t.used} - ${t.voided}`,
    ),
    check('voucher_tranches_window', sql`${t.activeFrom} < ${t.expiresAt}`),
  ],
);

export const ledgerTransfers = pgTable(
  'ledger_transfers',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: text('id').notNull().unique(),
    kind: text('kind', {
      enum: ['fund', 'grant', 'deduct', 'restore', 'reversal_void', 'expire', 'pay'],
    }).notNull(),
    source: text('source').notNull(),
    destination: text('destination').notNull(),
    amount: fen('amount').notNull(),
    effectiveAt: ts('effective_at').notNull(),
    planId: text('plan_id'),
    voucherId: text('voucher_id'),
    trancheId: text('tranche_id'),
    deductionId: text('deduction_id'),
    reversalId: text('reversal_id'),
    /** Calendar year (business time zone) of the write-off, for deductions and reversals. */
    settlementYear: integer('settlement_year'),
    memo: jsonb('memo'),
  },
  (t) => [
    // No index on tranche_id or deduction_id: nothing looks transfers up by either (ledger
    // verify groups the whole table; the package reads by voucher), and each cost every
    // deduction an index entry at a random place (migration 0019, D-ledger-rows-1).
    index('ledger_transfers_kind_year_idx').on(t.kind, t.settlementYear),
    // The redemption package reads a voucher's figures from this index alone (index-only,
    // in voucher order, one range a page): migration 0014, D-redemption-bench-1.
    index('ledger_transfers_voucher_idx').on(
      t.voucherId,
      t.settlementYear,
      t.kind,
      t.effectiveAt,
      t.amount,
    ),
    check('ledger_transfers_amount_positive', sql`${t.amount} > 0`),
    check('ledger_transfers_distinct_accounts', sql`${t.source} <> ${t.destination}`),
  ],
);

/** Operator API clients (open-api.md): the secret is stored encrypted, shown once. */
export const apiClients = pgTable('api_clients', {
  id: text('id').primaryKey(),
  keyId: text('key_id').notNull().unique(),
  name: text('name').notNull(),
  operatorId: text('operator_id')
    .notNull()
    .references(() => organisations.id),
  /** AES-256-GCM ciphertext of the HMAC secret (HMAC needs the secret itself, not a hash). */
  secretCiphertext: text('secret_ciphertext').notNull(),
  status: text('status', { enum: ['active', 'disabled'] }).notNull(),
  createdAt: ts('created_at').notNull(),
  createdBy: text('created_by'),
  rotatedAt: ts('rotated_at'),
  lastUsedAt: ts('last_used_at'),
});

export const deductions = pgTable(
  'deductions',
  {
    id: text('id').primaryKey(),
    /** The API client (or `ui:<userId>` for the operator clerk page) that asked. */
    clientId: text('client_id').notNull(),
    operatorId: text('operator_id').notNull(),
    orderNo: text('order_no').notNull(),
    enterpriseId: text('enterprise_id').notNull(),
    creditCode: text('credit_code').notNull(),
    category: text('category').notNull(),
    requested: fen('requested').notNull(),
    deducted: fen('deducted').notNull(),
    payable: fen('payable').notNull(),
    reversed: fen('reversed').notNull().default(0),
    description: text('description'),
    createdAt: ts('created_at').notNull(),
    settlementYear: integer('settlement_year').notNull(),
  },
  (t) => [
    uniqueIndex('deductions_operator_order_uq').on(t.operatorId, t.orderNo),
    index('deductions_client_created_idx').on(t.clientId, t.createdAt),
    index('deductions_enterprise_created_idx').on(t.enterpriseId, t.createdAt),
    // The redemption package streams a settlement year's write-offs in time order.
    index('deductions_year_created_idx').on(t.settlementYear, t.createdAt, t.id),
    check('deductions_positive', sql`${t.deducted} > 0`),
    check('deductions_split', sql`${t.deducted} + ${t.payable} = ${t.requested}`),
    check('deductions_reversed_bound', sql`${t.reversed} >= 0 AND ${t.reversed} <= ${t.deducted}`),
  ],
);

export const deductionAllocations = pgTable(
  'deduction_allocations',
  {
    deductionId: text('deduction_id')
      .notNull()
      .references(() => deductions.id),
    trancheId: text('tranche_id')
      .notNull()
      .references(() => voucherTranches.id),
    amount: fen('amount').notNull(),
    reversed: fen('reversed').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.deductionId, t.trancheId] }),
    check('deduction_allocations_positive', sql`${t.amount} > 0`),
    check(
      'deduction_allocations_reversed_bound',
      sql`${t.reversed} >= 0 AND ${t.reversed} <= ${t.amount}`,
    ),
  ],
);

export const reversals = pgTable(
  'reversals',
  {
    id: text('id').primaryKey(),
    deductionId: text('deduction_id')
      .notNull()
      .references(() => deductions.id),
    clientId: text('client_id').notNull(),
    amount: fen('amount').notNull(),
    restored: fen('restored').notNull(),
    voided: fen('voided').notNull(),
    reason: text('reason').notNull(),
    createdAt: ts('created_at').notNull(),
    settlementYear: integer('settlement_year').notNull(),
  },
  (t) => [
    index('reversals_deduction_idx').on(t.deductionId),
    index('reversals_year_created_idx').on(t.settlementYear, t.createdAt, t.id),
    index('reversals_client_created_idx').on(t.clientId, t.createdAt),
    check('reversals_positive', sql`${t.amount} > 0`),
    check('reversals_split', sql`${t.restored} + ${t.voided} = ${t.amount}`),
  ],
);

/**
 * Open-API idempotency: one row per (client, key). The stored request hash tells a replay
 * (same hash: return the stored response) from a conflicting reuse (409).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    clientId: text('client_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['in_progress', 'done'] }).notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clientId, t.key] }),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
);
