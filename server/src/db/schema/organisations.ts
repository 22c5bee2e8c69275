import { pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Every user belongs to exactly one organisation: a government department (Data Bureau,
 * DRC, Finance), the operator, an enterprise, or the platform itself (system administrators).
 */
export const organisations = pgTable(
  'organisations',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['department', 'operator', 'enterprise', 'platform'] }).notNull(),
    /** For departments: data_bureau | drc | finance; null otherwise. */
    departmentCode: text('department_code', { enum: ['data_bureau', 'drc', 'finance'] }),
    name: text('name').notNull(),
    /** Unified social credit code, for enterprises (and the operator where known). */
    creditCode: text('credit_code'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    /**
     * Enterprises: when the Data Bureau approved the certification. An agent registers into a
     * new, uncertified enterprise organisation; name and credit code are set at approval.
     */
    certifiedAt: timestamp('certified_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('organisations_credit_code_uq').on(t.creditCode)],
);
