/**
 * A closed-loop load generator: N workers, each sending its next request as soon as the
 * previous answer arrives, for a fixed time after a warm-up, over keep-alive HTTP/1.1
 * (node:http with one socket per worker: less client overhead than fetch on a machine whose
 * two cores the server and PostgreSQL also need). Records every request's latency.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { type LatencySummary, round, summarise } from './stats.js';

export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Units of work this request carries (bills in a batch), for units/s. */
  units?: number;
}

export interface LoadOptions {
  baseUrl: string;
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  /** Builds worker `worker`'s next request (called once per request). */
  next: (worker: number) => LoadRequest;
  /** True when the answer counts as a success; anything else is counted as an error. */
  ok: (status: number, body: Buffer, request: LoadRequest) => boolean;
}

interface Answer {
  status: number;
  body: Buffer;
}

function send(agent: http.Agent, base: URL, request: LoadRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const outgoing = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        agent,
        headers: body
          ? { ...request.headers, 'content-length': String(body.length) }
          : request.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export interface LoopResult {
  concurrency: number;
  measuredSeconds: number;
  requests: number;
  errors: number;
  /** Successful requests per second over the measured window. */
  requestsPerSecond: number;
  /** Successful units per second (bills for batches; = requestsPerSecond for singles). */
  unitsPerSecond: number;
  latency: LatencySummary;
  statusCounts: Record<string, number>;
  firstErrors: string[];
}

export interface Attempt {
  ok: boolean;
  /** Counted in statusCounts ("201", "409", "error", …). */
  status: string;
  units?: number;
  error?: string;
}

/**
 * The closed loop itself: `concurrency` workers call `task` back to back until the time is
 * up; completions inside [warm-up end, end] are counted, with their latencies.
 */
export async function runClosedLoop(options: {
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  task: (worker: number) => Promise<Attempt>;
}): Promise<LoopResult> {
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const firstErrors: string[] = [];
  let requests = 0;
  let errors = 0;
  let units = 0;
  const worker = async (index: number) => {
    while (performance.now() < end) {
      const t0 = performance.now();
      let attempt: Attempt;
      try {
        attempt = await options.task(index);
      } catch (error) {
        attempt = { ok: false, status: 'error', error: String(error) };
      }
      const t1 = performance.now();
      // Completions inside the measured window count, whenever they started.
      if (t1 < measureFrom || t1 > end) continue;
      statusCounts[attempt.status] = (statusCounts[attempt.status] ?? 0) + 1;
      if (attempt.ok) {
        requests += 1;
        units += attempt.units ?? 1;
        latencies.push(t1 - t0);
      } else {
        errors += 1;
        if (firstErrors.length < 5) firstErrors.push(attempt.error ?? attempt.status);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => worker(i)));
  const seconds = options.durationMs / 1000;
  return {
    concurrency: options.concurrency,
    measuredSeconds: seconds,
    requests,
    errors,
    requestsPerSecond: round(requests / seconds, 1),
    unitsPerSecond: round(units / seconds, 1),
    latency: summarise(latencies),
    statusCounts,
    firstErrors,
  };
}

export type LoadResult = LoopResult;

/** HTTP load: each worker sends `next(worker)` and judges the answer with `ok`. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const base = new URL(options.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  try {
    return await runClosedLoop({
      concurrency: options.concurrency,
      durationMs: options.durationMs,
      warmupMs: options.warmupMs,
      task: async (worker) => {
        const request = options.next(worker);
        let answer: Answer;
        try {
          answer = await send(agent, base, request);
        } catch (error) {
          return { ok: false, status: 'error', error: String(error) };
        }
        const ok = options.ok(answer.status, answer.body, request);
        return {
          ok,
          status: String(answer.status),
          units: request.units ?? 1,
          error: ok ? undefined : `${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`,
        };
      },
    });
  } finally {
    agent.destroy();
  }
}
