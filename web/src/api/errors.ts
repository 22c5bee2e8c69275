import type { FormInstance } from 'antd';
import type { Translate } from '../i18n/context';
import { hasMessage } from '../i18n/messages';
import { formatDateTime } from '../lib/time';
import type { MessageKey } from '../locales/zh-CN';
import { ApiError, NETWORK_ERROR_CODE } from './client';

export type ErrorOverrides = Partial<Record<string, MessageKey>>;

/**
 * The words an official reads for an error: our own, chosen by the server's stable `code`.
 * `overrides` gives a screen its own wording (e.g. INVALID_CREDENTIALS on the password form
 * means "the current password is wrong").
 */
export function describeError(
  t: Translate,
  error: unknown,
  overrides: ErrorOverrides = {},
): string {
  if (!(error instanceof ApiError)) return t('error.unknown', { code: 'CLIENT' });

  const override = overrides[error.code];
  if (override) return t(override);

  switch (error.code) {
    case 'ACCOUNT_LOCKED': {
      const until = error.body.lockedUntil;
      return typeof until === 'string'
        ? t('error.ACCOUNT_LOCKED_UNTIL', { time: formatDateTime(until) })
        : t('error.ACCOUNT_LOCKED');
    }
    case 'RATE_LIMITED':
      return error.retryAfter
        ? t('error.RATE_LIMITED_SECONDS', { seconds: error.retryAfter })
        : t('error.RATE_LIMITED');
    case NETWORK_ERROR_CODE:
      return t('error.NETWORK_ERROR');
  }

  const key = `error.${error.code}`;
  if (hasMessage(key)) return t(key);
  if (error.status === 403) return t('error.FORBIDDEN');
  if (error.status === 404) return t('error.NOT_FOUND');
  if (error.status >= 500) return t('error.INTERNAL_ERROR');
  return t('error.unknown', { code: error.code });
}

/** The server names fields as `body.username` or `querystring.from`; forms know `username`. */
function fieldName(field: string): string {
  return field.replace(/^(body|querystring|params|headers)\./, '');
}

/**
 * Puts a VALIDATION_FAILED error's messages under the fields of the form that has them.
 * Returns true when at least one field was marked.
 */
export function applyFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError) || error.errors.length === 0) return false;
  const known = new Set(form.getFieldsError().map((entry) => entry.name.join('.')));
  const fields = error.errors
    .map((item) => ({ name: fieldName(item.field), message: item.message }))
    .filter((item) => known.has(item.name))
    .map((item) => ({ name: item.name, errors: [item.message] }));
  if (fields.length > 0) form.setFields(fields);
  return fields.length > 0;
}
