/**
 * A tiny HTTP service on 127.0.0.1 standing in for an SMS gateway or a real-name service:
 * records every request and answers as the test says.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface FakeService {
  url: string;
  received: ReceivedRequest[];
  /** What the next requests get: a status and a JSON body (or raw text), or a delay. */
  respond(answer: { status?: number; json?: unknown; text?: string; delayMs?: number }): void;
  close(): Promise<void>;
}

export async function startFakeService(): Promise<FakeService> {
  const received: ReceivedRequest[] = [];
  let answer: { status?: number; json?: unknown; text?: string; delayMs?: number } = {
    status: 200,
    json: { ok: true },
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // kept as text
      }
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
      });
      const current = answer;
      setTimeout(() => {
        if (response.destroyed) return;
        response.statusCode = current.status ?? 200;
        if (current.text !== undefined) {
          response.end(current.text);
        } else {
          response.setHeader('content-type', 'application/json');
          response.end(JSON.stringify(current.json ?? {}));
        }
      }, current.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/send`,
    received,
    respond(next) {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
