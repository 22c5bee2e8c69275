/**
 * Counts events per key (a source address) in fixed windows on the platform clock. In memory,
 * per instance, like @fastify/rate-limit's default store: behind several instances an address
 * gets the allowance once per instance, which still bounds what it can do.
 */
import type { Clock } from '../domain/clock.js';

/** Beyond this many tracked keys, expired windows are swept before a new key is added. */
const SWEEP_AT = 10_000;

export class FixedWindowLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it is under its allowance. */
  retryAfterMs(key: string): number {
    const now = this.clock.now().getTime();
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) return 0;
    return window.count >= this.max ? window.resetAt - now : 0;
  }

  /** Counts one event for `key`. */
  record(key: string): void {
    const now = this.clock.now().getTime();
    const window = this.windows.get(key);
    if (window && window.resetAt > now) {
      window.count += 1;
      return;
    }
    if (!window && this.windows.size >= SWEEP_AT) this.sweep(now);
    this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) this.windows.delete(key);
    }
  }
}
