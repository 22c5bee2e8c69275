/**
 * From the DRC's star list to an enterprise holding a voucher: star-list batches and
 * entries, uploaded files, the operator's voucher batch per plan, registration codes,
 * certification and claim (each reviewed in rounds, every round kept), and the outbox of
 * SMS / e-mail messages. An offer is not stored: it is a published entry of a year whose
 * voucher batch has been issued (see modules/claims).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { users } from './auth.js';
import { plans } from './ledger.js';
import { organisations } from './organisations.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Uploaded files: stored by content (SHA-256) outside any public path; the media type is the
 * one sniffed from the bytes, never the client's claim. Owned by an organisation.
 */
export const files = pgTable(
  'files',
  {
    id: text('id').primaryKey(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    mediaType: text('media_type').notNull(),
    originalName: text('original_name').notNull(),
    purpose: text('purpose', {
      enum: [
        'business_licence',
        'authorisation_letter',
        'service_contract',
        'star_list',
        'monthly_report',
        'redemption_package',
      ],
    }).notNull(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    uploadedBy: text('uploaded_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('files_sha256_idx').on(t.sha256),
    index('files_organisation_idx').on(t.organisationId),
  ],
);

/** A DRC import of the provincial star-rated list: one or more batches per list year. */
export const starListBatches = pgTable(
  'star_list_batches',
  {
    id: text('id').primaryKey(),
    listYear: integer('list_year').notNull(),
    batchNo: integer('batch_no').notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: ['draft', 'published'] }).notNull(),
    sourceFileId: text('source_file_id').references(() => files.id),
    entryCount: integer('entry_count').notNull(),
    importedBy: text('imported_by').notNull(),
    importedAt: ts('imported_at').notNull(),
    publishedBy: text('published_by'),
    publishedAt: ts('published_at'),
  },
  (t) => [unique('star_list_batches_year_no_uq').on(t.listYear, t.batchNo)],
);

export const starListEntries = pgTable(
  'star_list_entries',
  {
    id: text('id').primaryKey(),
    batchId: text('batch_id')
      .notNull()
      .references(() => starListBatches.id),
    listYear: integer('list_year').notNull(),
    /** 序号 as in the provincial list. */
    seqNo: integer('seq_no').notNull(),
    /** 设区市 */
    city: text('city').notNull(),
    /** 县（市、区） */
    county: text('county').notNull(),
    enterpriseName: text('enterprise_name').notNull(),
    creditCode: text('credit_code').notNull(),
    star: integer('star').notNull(),
  },
  (t) => [
    // One entry per enterprise per list year, across all batches of that year.
    unique('star_list_entries_year_code_uq').on(t.listYear, t.creditCode),
    index('star_list_entries_batch_idx').on(t.batchId),
    check('star_list_entries_star', sql`${t.star} BETWEEN 3 AND 5`),
  ],
);

/** The operator's voucher configuration against an approved plan, and its issuance. */
export const voucherBatches = pgTable('voucher_batches', {
  id: text('id').primaryKey(),
  planId: text('plan_id')
    .notNull()
    .unique()
    .references(() => plans.id),
  name: text('name').notNull(),
  /** How to claim, shown to enterprises with their offer. */
  claimInstructions: text('claim_instructions').notNull(),
  status: text('status', { enum: ['configured', 'issued'] }).notNull(),
  configuredBy: text('configured_by').notNull(),
  configuredAt: ts('configured_at').notNull(),
  issuedBy: text('issued_by'),
  issuedAt: ts('issued_at'),
});

/** Mobile verification codes for registration; stored hashed, rate-limited per number. */
export const verificationCodes = pgTable(
  'verification_codes',
  {
    id: text('id').primaryKey(),
    mobile: text('mobile').notNull(),
    purpose: text('purpose', { enum: ['register', 'reset-password'] }).notNull(),
    codeHash: text('code_hash').notNull(),
    ipAddress: text('ip_address'),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    consumedAt: ts('consumed_at'),
  },
  (t) => [index('verification_codes_mobile_idx').on(t.mobile, t.createdAt)],
);

/** An enterprise's certification (企业认证): one per organisation, reviewed in rounds. */
export const certifications = pgTable('certifications', {
  id: text('id').primaryKey(),
  organisationId: text('organisation_id')
    .notNull()
    .unique()
    .references(() => organisations.id),
  status: text('status', { enum: ['submitted', 'returned', 'approved'] }).notNull(),
  currentRound: integer('current_round').notNull(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * One submission of a certification and its review. The agent's ID number and mobile are
 * AES-256-GCM ciphertext (lib/secret-box.ts) with masked copies for display; reviewers'
 * reveals are audited.
 */
export const certificationRounds = pgTable(
  'certification_rounds',
  {
    id: text('id').primaryKey(),
    certificationId: text('certification_id')
      .notNull()
      .references(() => certifications.id),
    roundNo: integer('round_no').notNull(),
    enterpriseName: text('enterprise_name').notNull(),
    creditCode: text('credit_code').notNull(),
    legalRepresentative: text('legal_representative').notNull(),
    address: text('address').notNull(),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    agentName: text('agent_name').notNull(),
    agentIdNumberCiphertext: text('agent_id_number_ciphertext').notNull(),
    agentIdNumberMasked: text('agent_id_number_masked').notNull(),
    agentMobileCiphertext: text('agent_mobile_ciphertext').notNull(),
    agentMobileMasked: text('agent_mobile_masked').notNull(),
    licenceFileId: text('licence_file_id')
      .notNull()
      .references(() => files.id),
    authorisationFileId: text('authorisation_file_id')
      .notNull()
      .references(() => files.id),
    /** The real-name provider's answer: { provider, ok, reason?, checkedAt }. */
    realNameCheck: jsonb('real_name_check').notNull(),
    /** Name and credit code compared with the star list: { entryId?, listName?, nameMatches, … }. */
    listComparison: jsonb('list_comparison').notNull(),
    submittedBy: text('submitted_by')
      .notNull()
      .references(() => users.id),
    submittedAt: ts('submitted_at').notNull(),
    decision: text('decision', { enum: ['approved', 'returned'] }),
    reason: text('reason'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: ts('reviewed_at'),
  },
  (t) => [unique('certification_rounds_no_uq').on(t.certificationId, t.roundNo)],
);

/** A claim (认领) of one star-list entry's voucher: one per entry, reviewed in rounds. */
export const claims = pgTable(
  'claims',
  {
    id: text('id').primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    entryId: text('entry_id')
      .notNull()
      .unique()
      .references(() => starListEntries.id),
    listYear: integer('list_year').notNull(),
    status: text('status', { enum: ['submitted', 'returned', 'approved'] }).notNull(),
    currentRound: integer('current_round').notNull(),
    /** Set at approval: the voucher the ledger granted, and the claim date D. */
    voucherId: text('voucher_id'),
    approvedAt: ts('approved_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('claims_organisation_idx').on(t.organisationId)],
);

export const claimRounds = pgTable(
  'claim_rounds',
  {
    id: text('id').primaryKey(),
    claimId: text('claim_id')
      .notNull()
      .references(() => claims.id),
    roundNo: integer('round_no').notNull(),
    contractFileId: text('contract_file_id')
      .notNull()
      .references(() => files.id),
    contractSha256: text('contract_sha256').notNull(),
    /** The platform's checks at submission, shown to the reviewer. */
    checks: jsonb('checks').notNull(),
    submittedBy: text('submitted_by').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    decision: text('decision', { enum: ['approved', 'returned'] }),
    reason: text('reason'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: ts('reviewed_at'),
  },
  (t) => [unique('claim_rounds_no_uq').on(t.claimId, t.roundNo)],
);

/** A service contract's content may back one claim only (any round of it). */
export const claimContracts = pgTable(
  'claim_contracts',
  {
    sha256: text('sha256').notNull(),
    claimId: text('claim_id')
      .notNull()
      .references(() => claims.id),
  },
  (t) => [primaryKey({ columns: [t.sha256] }), index('claim_contracts_claim_idx').on(t.claimId)],
);

/** Outbox of SMS and e-mail messages, sent by the delivery adapters. */
export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: text('id').primaryKey(),
    channel: text('channel', { enum: ['sms', 'email'] }).notNull(),
    /** Ciphertext of the number or address (personal data at rest). */
    recipientCiphertext: text('recipient_ciphertext').notNull(),
    recipientMasked: text('recipient_masked').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
  },
  (t) => [index('outbound_messages_status_idx').on(t.status, t.createdAt)],
);

export const termsAcceptances = pgTable('terms_acceptances', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  termsVersion: text('terms_version').notNull(),
  acceptedAt: ts('accepted_at').notNull(),
  ipAddress: text('ip_address'),
});
