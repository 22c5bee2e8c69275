/**
 * Authentication of the operator's billing system (open-api.md): X-Key-Id, X-Timestamp
 * (Unix ms, within 300 s of the server clock) and X-Signature over the raw body. The body is
 * kept raw by the scope's own parser and decoded only after the signature checks out, so an
 * unauthenticated caller learns nothing, not even whether its JSON parses.
 *
 * Failed attempts are counted per source address (OPEN_API_FAILED_AUTH_PER_MINUTE); past the
 * allowance the address gets 429 with Retry-After before any key is looked up or any audit row
 * written. They never count against the key named in X-Key-Id, whose own rate limit (the
 * routes' config) counts authenticated calls only.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { assertNoControlCharacters } from '../../http/control-characters.js';
import type { ApiCaller } from '../../http/types.js';
import { FixedWindowLimiter } from '../../lib/fixed-window-limiter.js';
import { sha256Hex } from '../../lib/sha256.js';
import type { Services } from '../../services.js';
import type { RequestKey } from '../ledger/deduct.js';
import { idempotencyKeyOf, requestKeyOf } from '../ledger/idempotency.js';
import { MAX_CLOCK_SKEW_MS, signatureForBodyHash, signatureMatches } from './signature.js';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

export function registerOpenApiAuth(app: FastifyInstance, services: Services): void {
  app.addContentTypeParser(
    ['application/json', 'application/*+json'],
    { parseAs: 'buffer' },
    (request, body, done) => {
      request.rawBody = body as Buffer;
      done(null, undefined);
    },
  );

  const failures = new FixedWindowLimiter(
    services.config.openApiFailedAuthPerMinute,
    60_000,
    services.clock,
  );

  const unauthenticated = async (request: FastifyRequest, reason: string) => {
    failures.record(request.ip);
    await services.audit.append({
      action: 'open-api.authenticate',
      outcome: 'denied',
      actorName: header(request, 'x-key-id')?.slice(0, 64) ?? null,
      requestId: String(request.id),
      ipAddress: request.ip,
      targetType: 'route',
      targetId: `${request.method} ${request.routeOptions.url ?? request.url}`.slice(0, 200),
      detail: { reason },
    });
    return new AppError('UNAUTHENTICATED', `签名校验失败 Authentication failed: ${reason}`);
  };

  // After parsing (the raw body exists), before validation.
  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.config.access !== 'api-client') return;
    const waitMs = failures.retryAfterMs(request.ip);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      reply.header('retry-after', String(seconds));
      throw new AppError(
        'RATE_LIMITED',
        `签名校验失败次数过多，请 ${seconds} 秒后再试 Too many failed attempts from this address`,
      );
    }
    const keyId = header(request, 'x-key-id');
    const timestamp = header(request, 'x-timestamp');
    const signature = header(request, 'x-signature');
    if (!keyId || !timestamp || !signature) {
      throw await unauthenticated(request, 'X-Key-Id, X-Timestamp and X-Signature are required');
    }
    if (!/^\d{1,16}$/.test(timestamp)) {
      throw await unauthenticated(request, 'X-Timestamp must be Unix milliseconds');
    }
    if (Math.abs(Number(timestamp) - services.clock.now().getTime()) > MAX_CLOCK_SKEW_MS) {
      throw await unauthenticated(request, 'X-Timestamp is more than 300 s from the server clock');
    }
    const client = keyId.length <= 64 ? await services.apiClients.authenticate(keyId) : null;
    if (!client) throw await unauthenticated(request, 'unknown or disabled key');
    // Hashed once: the signature's canonical string and the idempotency request hash
    // (signedRequestKey) both take hex(SHA256(raw body)).
    const bodyHash = sha256Hex(request.rawBody ?? Buffer.alloc(0));
    // Signed as sent (an absent header signs as an empty line); its format is checked later,
    // by the route's header schema, only once the caller is known.
    const idempotencyKey = header(request, 'idempotency-key') ?? '';
    const expected = signatureForBodyHash(
      client.secret,
      request.method,
      request.url,
      timestamp,
      idempotencyKey,
      bodyHash,
    );
    if (!signatureMatches(expected, signature)) {
      throw await unauthenticated(request, 'signature mismatch');
    }
    if (request.rawBody !== null) request.rawBodySha256 = bodyHash;
    request.apiClient = {
      clientId: client.clientId,
      keyId: client.keyId,
      operatorId: client.operatorId,
      name: client.name,
    };
    if (request.rawBody !== null) {
      try {
        request.body =
          request.rawBody.length === 0 ? undefined : JSON.parse(request.rawBody.toString('utf8'));
      } catch {
        throw new AppError('VALIDATION_FAILED', '(body): not valid JSON', undefined, [
          { field: '(body)', message: 'not valid JSON' },
        ]);
      }
    }
    assertNoControlCharacters(request.params, 'params');
    assertNoControlCharacters(request.query, 'query');
    assertNoControlCharacters(request.body, 'body');
  });
}

/**
 * The idempotency key and request hash of a signed request: `requestKeyOf`'s (ledger/
 * idempotency.ts: SHA256 of "METHOD URL\n" + hex(SHA256(raw body))) with the body's hash the
 * signature check already computed. server/test/open-api/signed-request-key.test.ts keeps the
 * two equal.
 */
export function signedRequestKey(request: FastifyRequest): RequestKey {
  const bodyHash = request.rawBodySha256;
  if (bodyHash === null) return requestKeyOf(request);
  return {
    key: idempotencyKeyOf(request),
    requestHash: sha256Hex(`${request.method} ${request.url}\n${bodyHash}`),
  };
}

export function clientOf(request: FastifyRequest): ApiCaller {
  if (!request.apiClient) throw new AppError('UNAUTHENTICATED');
  return request.apiClient;
}
