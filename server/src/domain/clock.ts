/**
 * The one clock. Every business time read (expiry, claim dates, report months, audit
 * timestamps) goes through a `Clock`, so tests and demos can move time without touching
 * the wall clock.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Starts at `start` and runs on at wall-clock speed: `FAKE_NOW` for demos and acceptance
 * tests, where the platform must behave as on a given day but time must still pass.
 */
export function runningClockFrom(start: Date, wall: Clock = systemClock): Clock {
  const offsetMs = start.getTime() - wall.now().getTime();
  return { now: () => new Date(wall.now().getTime() + offsetMs) };
}

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
