/**
 * One JSON POST to an external service (SMS gateway, e-mail gateway, real-name service) with
 * its Bearer key, a time limit, no redirects and a bounded response. Any failure is a
 * DeliveryError whose message names the service and never the key.
 *
 * Each call opens its own connection (no keep-alive pool): these calls are infrequent, and a
 * pooled connection the far side has quietly closed would fail the next message for nothing.
 */
import http from 'node:http';
import https from 'node:https';
import type { HttpServiceConfig } from '../../config.js';

const MAX_RESPONSE_BYTES = 64 * 1024;

export class DeliveryError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

function send(
  url: URL,
  payload: string,
  key: string,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(payload),
          accept: 'application/json',
          authorization: `Bearer ${key}`,
        },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            response.destroy(new DeliveryError(`response larger than ${MAX_RESPONSE_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DeliveryError) return error.message;
  const { name, code } = error as { name?: string; code?: string };
  if (name === 'AbortError' || name === 'TimeoutError' || code === 'ABORT_ERR') {
    return `no answer within ${timeoutMs} ms`;
  }
  return `connection failed (${code ?? (error instanceof Error ? error.message : 'unknown')})`;
}

/** POSTs `body` as JSON; resolves to the parsed JSON answer (null when the answer is empty). */
export async function postJson(
  service: HttpServiceConfig,
  body: unknown,
  timeoutMs: number,
): Promise<unknown> {
  const url = new URL(service.url);
  let answer: { status: number; text: string };
  try {
    answer = await send(url, JSON.stringify(body), service.key, timeoutMs);
  } catch (error) {
    throw new DeliveryError(`${url.host}: ${describeFailure(error, timeoutMs)}`, { cause: error });
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw new DeliveryError(
      `${url.host}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`.trim(),
    );
  }
  if (answer.text.trim() === '') return null;
  try {
    return JSON.parse(answer.text) as unknown;
  } catch (error) {
    throw new DeliveryError(`${url.host}: the answer is not JSON`, { cause: error });
  }
}
