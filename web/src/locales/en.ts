/** English, one file per area under ./en/, each typed by its Chinese twin (same keys). */

import { accounts } from './en/accounts.js';
import { auditActions } from './en/auditActions.js';
import { core } from './en/core.js';
import { errors } from './en/errors.js';
import { journey } from './en/journey.js';
import { policyForm } from './en/policyForm.js';
import { redemption } from './en/redemption.js';
import { reports } from './en/reports.js';
import { transparency } from './en/transparency.js';
import { validation } from './en/validation.js';
import { vouchers } from './en/vouchers.js';
import type { Messages } from './zh-CN.js';

export const en: Messages = {
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
};
