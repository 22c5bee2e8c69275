/**
 * Chinese (the reference language), one file per area under ./zh-CN/. Every key here must exist
 * in en.ts; the type checker enforces it (each English area file is typed by its Chinese twin).
 * Use the words of 海数据发〔2024〕7号: 认领、核销、兑现、作废、发放计划…
 * Placeholders are written {name}.
 */

import { accounts } from './zh-CN/accounts.js';
import { auditActions } from './zh-CN/auditActions.js';
import { core } from './zh-CN/core.js';
import { errors } from './zh-CN/errors.js';
import { journey } from './zh-CN/journey.js';
import { policyForm } from './zh-CN/policyForm.js';
import { redemption } from './zh-CN/redemption.js';
import { reports } from './zh-CN/reports.js';
import { transparency } from './zh-CN/transparency.js';
import { validation } from './zh-CN/validation.js';
import { vouchers } from './zh-CN/vouchers.js';

export const zhCN = {
  ...core,
  ...accounts,
  ...auditActions,
  ...journey,
  ...vouchers,
  ...reports,
  ...redemption,
  ...errors,
  ...validation,
  ...transparency,
  ...policyForm,
} as const;

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
