import type { FormInstance } from 'antd';
import type { Translate } from '../i18n/context';
import { hasMessage, storedLang, translate } from '../i18n/messages';
import { formatDateTime } from '../lib/time';
import type { MessageKey } from '../locales/zh-CN';
import { ApiError, type FieldError, NETWORK_ERROR_CODE } from './client';

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
    case 'VALIDATION_FAILED': {
      // Name the field and say what is allowed — unless the form already shows it under the
      // field, in which case the hint is not repeated.
      const unshown = error.errors.filter((item) => !shownUnderForm.get(error)?.has(item.field));
      const first = unshown[0];
      if (first) {
        return t('validation.fieldProblem', {
          field: fieldLabel(t, first.field),
          problem: describeFieldIssue(t, first),
        });
      }
      return error.errors.length > 0
        ? t('validation.seeMarkedFields')
        : t('error.VALIDATION_FAILED');
    }
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

/** The field's name in the UI's language: `body.agentMobile` → 经办人手机号码. */
export function fieldLabel(t: Translate, field: string): string {
  const name = fieldName(field);
  const last =
    name
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .at(-1) ?? name;
  const key = `field.${last}`;
  return hasMessage(key) ? t(key) : last;
}

const num = (value: unknown): number | string =>
  typeof value === 'number' ? value : typeof value === 'string' ? value : '';

/**
 * What the field must be, in the UI's language, from the server's `rule` and `limits`; the
 * server's own words (Chinese) where the rule is one only the server knows.
 */
export function describeFieldIssue(t: Translate, item: FieldError): string {
  const limits = item.limits ?? {};
  const reasonKey = `validation.reason.${String(limits.reason ?? '')}`;
  if (limits.reason && hasMessage(reasonKey)) return t(reasonKey);
  const sized = limits.origin === 'string' || limits.origin === 'array' || limits.origin === 'set';
  const text = limits.origin === 'string';
  const inclusive = limits.inclusive !== false;
  switch (item.rule) {
    case 'too_big':
      if (sized)
        return t(text ? 'validation.tooLong' : 'validation.tooManyItems', {
          max: num(limits.maximum),
        });
      return t(inclusive ? 'validation.tooLarge' : 'validation.tooLargeExclusive', {
        max: num(limits.maximum),
      });
    case 'too_small':
      if (text && limits.minimum === 1) return t('validation.empty');
      if (sized)
        return t(text ? 'validation.tooShort' : 'validation.tooFewItems', {
          min: num(limits.minimum),
        });
      if (limits.minimum === 0)
        return t(inclusive ? 'validation.negative' : 'validation.notPositive');
      return t(inclusive ? 'validation.tooSmall' : 'validation.tooSmallExclusive', {
        min: num(limits.minimum),
      });
    case 'invalid_type':
      if (item.message === '必填') return t('validation.required');
      switch (limits.expected) {
        case 'number':
          return t('validation.notNumber');
        case 'int':
        case 'bigint':
          return t('validation.notInteger');
        case 'string':
          return t('validation.notText');
        case 'boolean':
          return t('validation.notBoolean');
        default:
          return t('validation.wrongType');
      }
    case 'invalid_format': {
      const key = `validation.format.${String(limits.format)}`;
      return hasMessage(key) ? t(key) : t('validation.format.other');
    }
    case 'invalid_value':
      return Array.isArray(limits.values) && limits.values.length > 0 && limits.values.length <= 8
        ? t('validation.oneOf', { values: limits.values.join(' / ') })
        : t('validation.notAllowedValue');
    case 'not_multiple_of':
      return t('validation.multipleOf', { divisor: num(limits.divisor) });
    case 'unrecognized_keys':
      return t('validation.unknownField');
    default:
      return item.message || t('validation.format.other');
  }
}

/** The fields an error's messages were put under, per error: describeError does not repeat them. */
const shownUnderForm = new WeakMap<ApiError, Set<string>>();

/**
 * Puts a VALIDATION_FAILED error's messages under the fields of the form that has them, in the
 * UI's language. Returns true when at least one field was marked.
 */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  t: Translate = (key, vars) => translate(storedLang(), key, vars),
): boolean {
  if (!(error instanceof ApiError) || error.errors.length === 0) return false;
  const known = new Set(form.getFieldsError().map((entry) => entry.name.join('.')));
  const marked = error.errors.filter((item) => known.has(fieldName(item.field)));
  if (marked.length === 0) return false;
  form.setFields(
    marked.map((item) => ({
      name: fieldName(item.field).split('.'),
      errors: [describeFieldIssue(t, item)],
    })),
  );
  shownUnderForm.set(error, new Set(marked.map((item) => item.field)));
  return true;
}
