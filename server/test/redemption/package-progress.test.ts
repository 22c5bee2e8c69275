/**
 * The package build's progress while the lines and the write-off detail run side by side
 * (D-redemption-overlap-1): a real percentage — each phase's share times how much of it is done —
 * that only goes forward, whatever order the two sides report in, however late a phase's
 * expected size arrives, and however slowly each update is written (an update that takes longer
 * must not land after a newer one).
 */
import { describe, expect, it } from 'vitest';
import {
  BuildProgress,
  PROGRESS_STARTED,
  PROGRESS_STREAMED,
  PROGRESS_WRITTEN,
} from '../../src/modules/redemption/package.progress.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A store like the builds table: each write takes `delays[k]` ms, the value lands at the end. */
function slowStore(delays: number[]) {
  const landed: number[] = [];
  let writing = 0;
  let mostAtOnce = 0;
  let k = 0;
  const write = async (percent: number) => {
    writing += 1;
    mostAtOnce = Math.max(mostAtOnce, writing);
    await sleep(delays[k++ % delays.length] ?? 0);
    landed.push(percent);
    writing -= 1;
  };
  return { write, landed, mostAtOnce: () => mostAtOnce };
}

describe('package build progress', () => {
  it('lands in order and only forward, the slow first update before the quick later ones', async () => {
    // The first updates take longest: sent at once, they would land newest first.
    const store = slowStore([40, 25, 10, 1]);
    const progress = new BuildProgress(store.write);
    progress.reached(PROGRESS_STARTED);
    progress.lines(200, 1_000);
    progress.detail(5_000, null); // the detail's count not in yet: no share, no step back
    progress.detail(10_000, 40_000);
    progress.lines(600, 1_000);
    progress.detail(30_000, 40_000);
    await progress.settled();
    expect(store.landed.length).toBeGreaterThan(3);
    for (let k = 1; k < store.landed.length; k++) {
      expect(store.landed[k], `update ${k}: ${store.landed.join(' → ')}`).toBeGreaterThan(
        store.landed[k - 1] ?? 0,
      );
    }
    expect(store.mostAtOnce()).toBe(1);
  });

  it('is each phase’s share of what is done: lines 20, detail 65, after a start of 5', async () => {
    const store = slowStore([0]);
    const progress = new BuildProgress(store.write);
    progress.reached(PROGRESS_STARTED);
    progress.lines(500, 1_000); // half the lines: +10
    progress.detail(13_000, 26_000); // half the detail: +32.5
    await progress.settled();
    expect(store.landed.at(-1)).toBe(47);
    expect(progress.percent).toBe(47);
  });

  it('never goes back when an estimate proves high, a count arrives late or a side reports twice', async () => {
    const store = slowStore([3, 0, 7]);
    const progress = new BuildProgress(store.write);
    progress.reached(PROGRESS_STARTED);
    // The lines' estimate (vouchers granted) is higher than the lines there will be.
    progress.lines(300, 1_000);
    // The detail wrote rows before its count was in, then the count said more rows to come.
    progress.detail(8_000, null);
    progress.detail(8_000, 100_000);
    progress.detail(8_000, 100_000);
    // More rows than counted (a count is a lower bound while the year moves): capped.
    progress.detail(120_000, 100_000);
    progress.lines(400, 1_000);
    progress.linesFinished();
    progress.detailFinished();
    progress.reached(PROGRESS_STREAMED);
    progress.lines(1, 1_000_000); // late and stale: ignored
    progress.reached(PROGRESS_WRITTEN);
    await progress.settled();
    const landed = store.landed;
    expect(landed[0]).toBe(PROGRESS_STARTED);
    expect(landed).toContain(PROGRESS_STREAMED);
    expect(landed.at(-1)).toBe(PROGRESS_WRITTEN);
    for (let k = 1; k < landed.length; k++) {
      expect(landed[k], landed.join(' → ')).toBeGreaterThan(landed[k - 1] ?? 0);
    }
    expect(Math.max(...landed)).toBeLessThanOrEqual(100);
  });

  it('goes on after a failed write', async () => {
    let calls = 0;
    const landed: number[] = [];
    const progress = new BuildProgress(async (percent) => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      landed.push(percent);
    });
    progress.reached(10);
    progress.reached(20);
    await progress.settled();
    expect(landed).toEqual([20]);
  });
});
