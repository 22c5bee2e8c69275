// A small client for Yunquan's open API (docs/open-api-client.md): fetch + node:crypto only.
// Copy this file into a billing system as it is; the platform's own tests use it too.
import { createHash, createHmac, randomUUID } from 'node:crypto';

export class YunquanApiError extends Error {
  constructor(status, problem) {
    super(`${status} ${problem?.code ?? 'ERROR'}: ${problem?.detail ?? problem?.title ?? ''}`);
    this.name = 'YunquanApiError';
    this.status = status;
    this.code = problem?.code;
    this.problem = problem;
  }
}

/**
 * The request signature (docs/open-api-client.md §2): HMAC-SHA256 over
 * METHOD \n PATH_WITH_QUERY \n X-Timestamp \n Idempotency-Key \n hex(SHA256(body)).
 * `idempotencyKey` is the header's value, '' when the request carries none (a GET).
 */
export function sign(secret, method, pathWithQuery, timestamp, idempotencyKey, body) {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret)
    .update(
      `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${idempotencyKey}\n${bodyHash}`,
    )
    .digest('hex');
}

export class YunquanClient {
  /**
   * @param {{ baseUrl: string, keyId: string, secret: string, now?: () => number }} options
   *   baseUrl like "http://127.0.0.1:3000" (the client adds /api/open/v1).
   */
  constructor({ baseUrl, keyId, secret, now = Date.now }) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.keyId = keyId;
    this.secret = secret;
    this.now = now;
  }

  /** Sends one signed request; returns { status, headers, body } without throwing on 4xx. */
  async raw(method, path, { body, idempotencyKey, headers = {} } = {}) {
    const pathWithQuery = `/api/open/v1${path}`;
    const text = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(this.now());
    const response = await fetch(this.baseUrl + pathWithQuery, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        'x-key-id': this.keyId,
        'x-timestamp': timestamp,
        'x-signature': sign(
          this.secret,
          method,
          pathWithQuery,
          timestamp,
          idempotencyKey ?? '',
          text,
        ),
        ...headers,
      },
      body: body === undefined ? undefined : text,
    });
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await response.json() : await response.text();
    return { status: response.status, headers: response.headers, body: parsed };
  }

  async call(method, path, options) {
    const response = await this.raw(method, path, options);
    if (response.status >= 400) throw new YunquanApiError(response.status, response.body);
    return response.body;
  }

  vouchers(creditCode) {
    return this.call('GET', `/enterprises/${encodeURIComponent(creditCode)}/vouchers`);
  }

  /** Deducts for one bill. Retrying with the same idempotencyKey never deducts twice. */
  deduct(bill, idempotencyKey = randomUUID()) {
    return this.call('POST', '/deductions', { body: bill, idempotencyKey });
  }

  deductBatch(items, idempotencyKey = randomUUID()) {
    return this.call('POST', '/deductions/batch', { body: { items }, idempotencyKey });
  }

  reverse(deductionId, amount, reason, idempotencyKey = randomUUID()) {
    return this.call('POST', `/deductions/${encodeURIComponent(deductionId)}/reversals`, {
      body: { amount, reason },
      idempotencyKey,
    });
  }

  /** Iterates over every deduction and reversal in [from, to), page by page. */
  async *listAll({ from, to, limit = 500 } = {}) {
    let cursor;
    do {
      const query = new URLSearchParams({ limit: String(limit) });
      if (from) query.set('from', from);
      if (to) query.set('to', to);
      if (cursor) query.set('cursor', cursor);
      const page = await this.call('GET', `/deductions?${query}`);
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }
}
