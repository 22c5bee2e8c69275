/**
 * The demo's annual redemption: last year closed and paid through the real services, this
 * year untouched (its package ready to generate), and the bureau administrator's sign-in code
 * still usable straight after the seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localYear } from '../../src/domain/time.js';
import { seedDemoIfEmpty } from '../../src/seed/demo.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let summary: string[];
let seconds: number;

beforeAll(async () => {
  t = await createTestApp();
  const started = Date.now();
  const seeded = await seedDemoIfEmpty(t.app.services);
  seconds = (Date.now() - started) / 1000;
  if (!seeded) throw new Error('the empty database was not seeded');
  summary = seeded.summary;
}, 240_000);
afterAll(async () => {
  await t.close();
});

describe('demo redemption seed', () => {
  it('leaves last year paid at the recognised amount, through every step of the chain', async () => {
    const { redemptionChain, redemptionPackage, clock, policies } = t.app.services;
    const { timeZone } = (await policies.inForce()).document;
    const year = localYear(clock.now(), timeZone) - 1;
    const [submission] = await redemptionChain.forYear(year);
    expect(submission).toBeDefined();
    if (!submission) return;
    expect(submission.status).toBe('paid');
    expect(submission.recognised).toBeGreaterThan(0);
    expect(submission.recognised).toBeLessThanOrEqual(submission.netWriteOff);
    expect(submission.payment?.amount).toBe(submission.recognised);
    expect(submission.decidedLines).toBe(submission.lines);
    expect(submission.steps.map((step) => step.action)).toEqual([
      'submit',
      ...submission.steps.slice(1, -4).map((step) => step.action),
      'bureau-approve',
      'drc-send',
      'finance-approve',
      'pay',
    ]);
    // Every step happened after the year ended and before now.
    const yearEnd = (await redemptionPackage.yearWindow(year)).end.getTime();
    for (const step of submission.steps) {
      expect(new Date(step.at).getTime()).toBeGreaterThanOrEqual(yearEnd);
      expect(new Date(step.at).getTime()).toBeLessThanOrEqual(clock.now().getTime());
    }
    expect(summary.join('\n')).toContain(`${year} 年度`);
    console.log(`demo redemption seed: whole demo seeded in ${seconds.toFixed(1)} s`);
  });

  it('leaves this year without a submission, ready for its package', async () => {
    const { redemptionChain, redemptionPackage } = t.app.services;
    const years = await redemptionPackage.years();
    const current = years[0];
    expect(current?.ended).toBe(false);
    expect(current?.latestBuild).toBeNull();
    expect(await redemptionChain.forYear(current?.year ?? 0)).toEqual([]);
  });
});
