/**
 * Which errors mean "the database cannot be reached right now" (D-db-survival-1): the
 * server answers them with 503 SERVICE_UNAVAILABLE and Retry-After, keeps running, and is
 * back by itself as soon as new connections succeed. Everything else stays what it was (a
 * programmer error is still a 500 and still logged in full).
 */

/**
 * SQLSTATEs of an unreachable or refusing server: class 08 (connection exception),
 * 57P01 admin_shutdown (pg_terminate_backend, `pg_ctl stop -m fast`), 57P02 crash_shutdown
 * (`-m immediate`, or another backend crashed), 57P03 cannot_connect_now (starting up or
 * shutting down), 57P05 idle_session_timeout, 53300 too_many_connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57P05', '53300']);

/** Socket-level failures on the way to the database. */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * node-postgres and pg-pool report these without a code. Matched on the start of the
 * message, which is stable across pg 8.x (client.js, pg-pool index.js).
 */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated', // "… unexpectedly", "… due to connection timeout"
  'timeout exceeded when trying to connect', // pool acquisition (connectionTimeoutMillis)
  'Client has encountered a connection error and is not queryable',
  'Query read timeout', // query_timeout: the answer never came (a silent network)
  'Cannot use a pool after calling end on the pool', // shutting down
];

/**
 * True when `error` (or anything in its `cause` chain, or an AggregateError's members —
 * Drizzle wraps driver errors in DrizzleQueryError, Node wraps a refused dual-stack
 * connect in AggregateError) says the database is unreachable.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const stack: unknown[] = [error];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { code, message, cause, errors } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string') {
      if (code.startsWith('08') && code.length === 5) return true;
      if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code)) return true;
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.startsWith(m))) {
      return true;
    }
    if (cause !== undefined) stack.push(cause);
    if (Array.isArray(errors)) stack.push(...errors);
  }
  return false;
}

/** A short, address-free description for logs ("57P01", "ECONNREFUSED", the pg message). */
export function unavailabilityReason(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && !code.startsWith('FST_')) return code;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.startsWith(m))) {
      return message;
    }
    current = cause;
  }
  return 'unknown';
}
