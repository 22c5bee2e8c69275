/**
 * The ledger, organisation and API-client commands, as a child process on a temporary
 * DATA_DIR: a fresh installation is bootstrapped from the command line, the ledger verifies,
 * and a tampered tranche is named.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { runCli } from '../helpers/cli.js';

let dataDir: string;
const cli = (...args: string[]) => runCli(args, { DATA_DIR: dataDir });

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'yunquan-ledger-cli-'));
});
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

describe('bootstrapping and the ledger from the command line', () => {
  it('creates the platform organisation, an administrator, the operator and an API client', async () => {
    const platform = await cli(
      'organisations',
      'create',
      '--kind',
      'platform',
      '--name',
      '云券平台运维',
    );
    expect(platform.code).toBe(0);
    const admin = await cli(
      'users',
      'create',
      '--username',
      'admin',
      '--name',
      '管理员',
      '--role',
      'system_admin',
      '--organisation',
      platform.stdout.trim(),
    );
    expect(admin.code, admin.stderr).toBe(0);
    expect(
      (await cli('organisations', 'create', '--kind', 'operator', '--name', '海安云')).code,
    ).toBe(0);
    const created = await cli('api-clients', 'create', '--name', '计费系统');
    expect(created.code, created.stderr).toBe(0);
    const keyId = /key id: (\S+)/.exec(created.stdout)?.[1];
    expect(keyId).toMatch(/^yq_/);
    expect((await cli('api-clients', 'disable', '--key-id', keyId as string)).stdout).toContain(
      'disabled',
    );
    expect((await cli('api-clients', 'list')).stdout).toContain(`${keyId}\tdisabled`);
    const wrongKind = await cli('organisations', 'create', '--kind', 'department', '--name', 'x');
    expect(wrongKind.code).toBe(2);
  }, 90_000);

  it('verifies the ledger, and names a tranche whose balance was altered', async () => {
    const ok = await cli('ledger', 'verify');
    expect(ok.stdout, ok.stderr).toContain('ledger OK');
    const database = await openDatabase({ dataDir });
    try {
      for (const statement of [
        `INSERT INTO policies (id, programme, version, document, published_at) VALUES ('p', 'x', '1', '{}', now())`,
        `INSERT INTO organisations (id, kind, name, created_at) VALUES ('e', 'enterprise', 'E', now())`,
        `INSERT INTO plans (id, list_year, policy_id, title, total_budget, budget_balance, claim_opens_at, claim_closes_at, status, created_at) VALUES ('plan', 2025, 'p', 't', 100, 0, now(), now() + interval '1 day', 'approved', now())`,
        `INSERT INTO vouchers (id, enterprise_id, credit_code, enterprise_name, list_year, star, amount, plan_id, policy_id, granted_at, grant_key) VALUES ('v', 'e', 'c', 'E', 2025, 3, 100, 'plan', 'p', now(), 'k')`,
        `INSERT INTO voucher_tranches (id, voucher_id, credit_code, seq, amount, active_from, expires_at, balance) VALUES ('tampered-tranche', 'v', 'c', 1, 100, now(), now() + interval '1 year', 100)`,
      ]) {
        await database.raw.query(statement);
      }
    } finally {
      await database.close();
    }
    const broken = await cli('ledger', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('[tranche-balance] tampered-tranche');
  }, 60_000);
});
