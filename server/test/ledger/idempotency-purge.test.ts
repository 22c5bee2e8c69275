/**
 * The nightly purge of idempotency keys: the job asks the ledger, which owns the keys
 * (ledger/idempotency.ts). A key is kept at least 30 days (open-api.md; 35 here), and the purge
 * is audited under the job's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDefinitions } from '../../src/jobs/definitions.js';
import { runJobSlot } from '../../src/jobs/scheduler.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const DAY = 86_400_000;

describe('open-api.purge-idempotency-keys', () => {
  it('deletes the keys older than 35 days, keeps the rest, and records how many went', async () => {
    const sql = t.db.database.raw;
    const now = t.clock.now().getTime();
    for (const [key, age] of [
      ['old', 36 * DAY],
      ['kept', 34 * DAY],
    ] as const) {
      await sql.query(
        `INSERT INTO idempotency_keys (client_id, key, request_hash, state, created_at)
         VALUES ('ui:purge-test', $1, 'h', 'done', $2)`,
        [key, new Date(now - age)],
      );
    }
    const job = jobDefinitions.find((j) => j.name === 'open-api.purge-idempotency-keys');
    if (!job) throw new Error('the purge job is not defined');
    expect(await runJobSlot(t.app.services, job, 'purge-test')).toBe(true);

    const left = await sql.query<{ key: string }>(
      `SELECT key FROM idempotency_keys WHERE client_id = 'ui:purge-test' ORDER BY key`,
    );
    expect(left).toEqual([{ key: 'kept' }]);
    const [run] = await sql.query<{ outcome: string }>(
      `SELECT outcome FROM job_runs WHERE job = $1 AND slot = 'purge-test'`,
      [job.name],
    );
    expect(run?.outcome).toBe('removed 1');
    const audit = await sql.query<{ detail: Record<string, unknown> }>(
      `SELECT detail FROM audit_log WHERE action = 'open-api.purge-idempotency-keys'`,
    );
    expect(audit).toEqual([
      {
        detail: expect.objectContaining({
          removed: 1,
          createdBefore: new Date(now - 35 * DAY).toISOString(),
        }),
      },
    ]);
  });
});
