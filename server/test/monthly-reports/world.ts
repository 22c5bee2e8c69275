/**
 * A world for monthly-report tests: the open API on a real port (so deductions go through the
 * same path as the operator's billing system), vouchers granted in January 2026, and signed-in
 * operator staff, operator admin and Data Bureau reviewer.
 */
import type { AddressInfo } from 'node:net';
import { YunquanClient } from '../../../clients/node/yunquan-client.mjs';
import { ManualClock } from '../../src/domain/clock.js';
import { signedInAs, type TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld, type VoucherWorld } from '../helpers/voucher-world.js';

/** 2026-01-15 10:00 in Shanghai. */
export const JANUARY = '2026-01-15T02:00:00.000Z';

export interface ReportWorld {
  t: TestApp;
  world: VoucherWorld;
  api: YunquanClient;
  staff: TestClient;
  admin: TestClient;
  reviewer: TestClient;
  bill(creditCode: string, amount: number, category?: string): Promise<{ deductionId: string }>;
  /** Moves the clock and signs everyone in again (sessions expire on the platform clock). */
  at(instant: string): Promise<void>;
}

let order = 0;

export async function buildReportWorld(): Promise<ReportWorld> {
  const t = await createTestApp({
    clock: new ManualClock(JANUARY),
    env: { OPEN_API_RATE_LIMIT_PER_MINUTE: '100000' },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const world = await buildVoucherWorld(t.app, 2026);
  const api = new YunquanClient({
    baseUrl,
    keyId: world.keyId,
    secret: world.secret,
    now: () => t.clock.now().getTime(),
  });
  const [staff, admin, reviewer] = await Promise.all([
    signedInAs(t.app, 'operator_staff'),
    signedInAs(t.app, 'operator_admin'),
    signedInAs(t.app, 'data_bureau_reviewer'),
  ]);
  return {
    t,
    world,
    api,
    staff: staff.client,
    admin: admin.client,
    reviewer: reviewer.client,
    async at(instant) {
      t.clock.set(instant);
      for (const { client, user } of [staff, admin, reviewer]) {
        const response = await client.signIn(user.username, user.password);
        if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
      }
    },
    async bill(creditCode, amount, category = 'compute') {
      order += 1;
      return api.deduct({ orderNo: `MR-${order}`, creditCode, category, amount });
    },
  };
}

export const FULL_USAGE = {
  vcpuCoreHours: '125000.50',
  memoryGibHours: 500000,
  blockStorageTbMonths: '12.125',
  objectStorageTbMonths: '3.5',
  bandwidthPeakMbps: '800',
  trafficTb: '42.001',
  securityInstances: 12,
  commentary: '本月资源使用平稳，新增上云企业 2 家。',
};
