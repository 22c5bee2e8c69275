/** Parsed JSON of a documented shape (see open-api.md and /api/open/v1/openapi.json). */
// biome-ignore lint/suspicious/noExplicitAny: responses are plain JSON; callers narrow them
export type Json = any;
export interface Bill {
  orderNo: string;
  creditCode: string;
  category: string;
  amount: number;
  description?: string;
}
export interface RawResponse {
  status: number;
  headers: Headers;
  body: Json;
}
export declare class YunquanApiError extends Error {
  status: number;
  code: string | undefined;
  problem: unknown;
}
export declare function sign(
  secret: string,
  method: string,
  pathWithQuery: string,
  timestamp: string,
  /** The Idempotency-Key header's value; '' when the request has none. */
  idempotencyKey: string,
  body: string | Buffer,
): string;
export declare class YunquanClient {
  constructor(options: { baseUrl: string; keyId: string; secret: string; now?: () => number });
  readonly baseUrl: string;
  raw(
    method: string,
    path: string,
    options?: { body?: unknown; idempotencyKey?: string; headers?: Record<string, string> },
  ): Promise<RawResponse>;
  call(method: string, path: string, options?: object): Promise<Json>;
  vouchers(creditCode: string): Promise<Json>;
  deduct(bill: Bill, idempotencyKey?: string): Promise<Json>;
  deductBatch(items: Bill[], idempotencyKey?: string): Promise<Json>;
  reverse(
    deductionId: string,
    amount: number,
    reason: string,
    idempotencyKey?: string,
  ): Promise<Json>;
  listAll(options?: { from?: string; to?: string; limit?: number }): AsyncGenerator<Json>;
}
