/**
 * Every committed change carries its audit row in its own transaction (issue 9 item 3,
 * D-audit-tx-1): the row commits with the change or not at all, whatever happens after the
 * commit; refusals (nothing committed) are still recorded by the request hook; scheduled jobs
 * write a row per transaction that changed something.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YunquanClient } from '../../../clients/node/yunquan-client.mjs';
import { runInCommitScope } from '../../src/db/commit-scope.js';
import { type JobDefinition, runJobSlot } from '../../src/jobs/scheduler.js';
import {
  auditRecordForSql,
  noteAudit,
  RequestAuditScope,
} from '../../src/modules/audit/audit.scope.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { creditCodeFor } from '../helpers/fixtures.js';
import { buildVoucherWorld, type VoucherWorld } from '../helpers/voucher-world.js';

let t: TestApp;
let world: VoucherWorld;
let client: YunquanClient;
let order = 0;

beforeAll(async () => {
  t = await createTestApp({ env: { OPEN_API_RATE_LIMIT_PER_MINUTE: '100000' } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  world = await buildVoucherWorld(t.app);
  client = new YunquanClient({
    baseUrl: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`,
    keyId: world.keyId,
    secret: world.secret,
    now: () => t.clock.now().getTime(),
  });
});
afterAll(() => t.close());

const sql = <T = Record<string, unknown>>(text: string, params?: unknown[]) =>
  t.db.database.raw.query<T>(text, params);

function rowsFor(action: string, targetId: string) {
  return sql<{ outcome: string; detail: Record<string, unknown>; tx_id: string }>(
    'SELECT outcome, detail, tx_id FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY entry_no',
    [action, targetId],
  );
}

describe('a request that commits a change', () => {
  it('writes its audit row in the same transaction as the deduction, and only that row', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const orderNo = `TX-${++order}`;
    const response = await client.raw('POST', '/deductions', {
      body: { orderNo, creditCode, category: 'compute', amount: 100_000 },
      idempotencyKey: orderNo,
    });
    expect(response.status).toBe(201);
    const rows = await rowsFor('open-api.deduct', orderNo);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'success', detail: { status: 201 } });
    // The deduction row was written by the very transaction that wrote the audit row.
    const [same] = await sql<{ same: boolean }>(
      `SELECT (SELECT xmin::text::bigint FROM deductions WHERE order_no = $1)
              = ($2::bigint % 4294967296) AS same`,
      [orderNo, rows[0]?.tx_id],
    );
    expect(same?.same).toBe(true);
  });

  it('keeps the row when everything after the commit fails (the server dies before answering)', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const orderNo = `TX-${++order}`;
    // The request-level write after the commit fails, as it would if the process were
    // killed between COMMIT and the response: the committed change is audited regardless.
    const audit = t.app.services.audit;
    const append = audit.append;
    audit.append = () => Promise.reject(new Error('killed after commit'));
    try {
      await client.raw('POST', '/deductions', {
        body: { orderNo, creditCode, category: 'compute', amount: 100_000 },
        idempotencyKey: orderNo,
      });
    } finally {
      audit.append = append;
    }
    const [deduction] = await sql('SELECT id FROM deductions WHERE order_no = $1', [orderNo]);
    expect(deduction).toBeDefined();
    expect(await rowsFor('open-api.deduct', orderNo)).toMatchObject([{ outcome: 'success' }]);
  });

  it('a refusal commits nothing and is recorded once by the request hook', async () => {
    const orderNo = `TX-${++order}`;
    const response = await client.raw('POST', '/deductions', {
      body: { orderNo, creditCode: creditCodeFor(999_999_998), category: 'compute', amount: 100 },
      idempotencyKey: orderNo,
    });
    expect(response.status).toBe(404);
    const rows = await rowsFor('open-api.deduct', orderNo);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'failure', detail: { status: 404 } });
    expect(rows[0]?.detail).not.toHaveProperty('recordedAs');
  });

  it('an idempotent replay commits nothing new and is recorded as a hit', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const orderNo = `TX-${++order}`;
    const bill = { orderNo, creditCode, category: 'compute', amount: 100_000 };
    const first = await client.raw('POST', '/deductions', { body: bill, idempotencyKey: orderNo });
    const again = await client.raw('POST', '/deductions', { body: bill, idempotencyKey: orderNo });
    expect([first.status, again.status]).toEqual([201, 201]);
    const rows = await rowsFor('open-api.deduct', orderNo);
    expect(rows.map((row) => [row.outcome, row.detail.idempotencyHit ?? false])).toEqual([
      ['success', false],
      ['success', true],
    ]);
  });
});

describe('SQL that writes the row itself', () => {
  it('gets the argument for audit_record from the scope, which then writes nothing more', async () => {
    const scope = new RequestAuditScope(
      (status) => ({ action: 'sql.writes-its-own', outcome: 'success', detail: { status } }),
      () => {},
      t.clock,
    );
    await runInCommitScope(scope, () =>
      t.db.database.raw.transaction(async (tx) => {
        const argument = auditRecordForSql(201);
        await tx.query('SELECT audit_record($1::jsonb)', [JSON.stringify(argument)]);
      }),
    );
    const rows = await sql<{ id: string; detail: unknown }>(
      `SELECT id, detail FROM audit_log WHERE action = 'sql.writes-its-own'`,
    );
    expect(rows).toEqual([{ id: scope.recorded?.id, detail: { status: 201 } }]);
  });
});

describe('a scheduled job', () => {
  it('writes a row per transaction that changed something, with what the job noted', async () => {
    const { database } = t.app.services;
    const job: JobDefinition = {
      name: 'test.audited-job',
      pattern: '0 0 1 1 *',
      audit: 'job.run',
      async run() {
        for (const name of ['第一', '第二']) {
          await database.raw.transaction(async (tx) => {
            await tx.query(
              `INSERT INTO organisations (id, kind, name, created_at)
               VALUES ($1, 'platform', $2, now())`,
              [`job-org-${name}`, name],
            );
            noteAudit({ targetType: 'organisation', targetId: `job-org-${name}` });
          });
        }
        // Read only: nothing committed, nothing recorded.
        await database.raw.transaction((tx) => tx.query('SELECT 1'));
        // Rolled back: its row goes with it.
        await database.raw
          .transaction(async (tx) => {
            await tx.query(
              `INSERT INTO organisations (id, kind, name, created_at)
               VALUES ('job-org-gone', 'platform', '回滚', now())`,
            );
            throw new Error('rolled back');
          })
          .catch(() => {});
        return 'ok';
      },
    };
    expect(await runJobSlot(t.app.services, job, 'slot-1')).toBe(true);
    const rows = await sql<{ target_id: string; actor_name: string; detail: unknown }>(
      `SELECT target_id, actor_name, detail FROM audit_log
        WHERE action = 'job.run' ORDER BY entry_no`,
    );
    expect(rows).toEqual([
      { target_id: 'job-org-第一', actor_name: 'system', detail: { job: 'test.audited-job' } },
      { target_id: 'job-org-第二', actor_name: 'system', detail: { job: 'test.audited-job' } },
    ]);
  });
});

describe('the sealer', () => {
  it('chains what was committed in transactions like any other row', async () => {
    await t.app.services.auditSealer.sealAll();
    expect(await t.app.services.auditLog.verify()).toMatchObject({
      ok: true,
      unsealed: { count: 0 },
    });
  });
});
