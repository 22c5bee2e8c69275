/**
 * Control characters are refused at the door (decisions: D-security-6). PostgreSQL cannot
 * store NUL in text (a 500 from deep inside a service), and the other C0/C1 controls have no
 * business in anything a person types: they hide text, break exports and logs. Tab, line feed
 * and carriage return stay allowed (multi-line reasons, pasted text).
 *
 * One check over everything a request carries (body, query, path parameters — values and keys),
 * run before validation for every route, and by the open API after it decodes the signed body;
 * multipart text fields use `assertNoControlCharacters` too. New routes are covered without
 * doing anything.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/** C0 controls except \t \n \r, DEL, and the C1 controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, 'g');

/**
 * A control character in JSON text: DEL and C1 as they are (JSON.stringify leaves them), C0
 * but \t \n \r as JSON.stringify escapes them (\b, \f, and \u0000-\u0007, \u000b,
 * \u000e-\u001f). It may also match an escaped backslash followed by such text ("\\u0001"
 * typed by someone); that only costs the walk, which decides.
 */
const CONTROL_IN_JSON = /[\u007f-\u009f]|\\u00(?:0[0-7bef]|1[0-9a-f])|\\[bf]/;

/** False only when `value` as JSON shows no control character; true when it may hold one. */
function mayHoldControlCharacter(value: object): boolean {
  try {
    return CONTROL_IN_JSON.test(JSON.stringify(value));
  } catch {
    return true; // not JSON-able (a stream in a multipart body): the walk decides
  }
}

function describeKey(key: string): string {
  return key.replace(
    CONTROL_CHARACTERS,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The first string (or key) holding a control character, as `a.0.b`, with the character's code. */
export function findControlCharacter(
  value: unknown,
  path = '',
  depth = 0,
): { field: string; code: number } | null {
  if (typeof value === 'string') {
    const match = CONTROL_CHARACTER.exec(value);
    return match ? { field: path, code: match[0].charCodeAt(0) } : null;
  }
  // Bodies are bounded in size (bodyLimit) and nesting; the depth cap is belt and braces.
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  for (const [key, item] of entries) {
    const field = path ? `${path}.${describeKey(key)}` : describeKey(key);
    const inKey = CONTROL_CHARACTER.exec(key);
    if (inKey) return { field, code: inKey[0].charCodeAt(0) };
    const found = findControlCharacter(item, field, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Throws 400 VALIDATION_FAILED naming the field when `value` holds a control character. */
export function assertNoControlCharacters(value: unknown, context: string): void {
  // One regex test over the value as JSON: nothing found there, nothing to walk for (D-http-speed-1).
  if (value === undefined || value === null) return;
  if (typeof value === 'object' && !mayHoldControlCharacter(value)) return;
  const found = findControlCharacter(value);
  if (!found) return;
  const field = found.field ? `${context}.${found.field}` : context;
  const code = `U+${found.code.toString(16).toUpperCase().padStart(4, '0')}`;
  const message = `不能包含控制字符（${code}） must not contain control characters`;
  throw new AppError('VALIDATION_FAILED', `${field}: ${message}`, undefined, [{ field, message }]);
}

/** Checks params, query and (parsed) body of every request before its schema validates them. */
export function registerControlCharacterCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    // The open API checks after the signature (open-api.auth.ts): an unauthenticated caller
    // learns nothing about its input, not even this.
    if (request.routeOptions.config.access === 'api-client') return;
    assertNoControlCharacters(request.params, 'params');
    assertNoControlCharacters(request.query, 'query');
    assertNoControlCharacters(request.body, 'body');
  });
}
