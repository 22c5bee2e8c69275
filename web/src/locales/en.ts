/** English, one file per area under ./en/, each typed by its Chinese twin (same keys). */
import { accounts } from './en/accounts.js';
import { core } from './en/core.js';
import { errors } from './en/errors.js';
import { journey } from './en/journey.js';
import { vouchers } from './en/vouchers.js';
import type { Messages } from './zh-CN.js';

export const en: Messages = { ...core, ...accounts, ...journey, ...vouchers, ...errors };
