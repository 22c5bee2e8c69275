/**
 * A world for claim tests, built through the real services: the policy, issuance plans of
 * several years (window open, closed, not yet open, not issued, short of budget), star-list
 * batches imported and published by the DRC, issued voucher batches, certified enterprises
 * with signed-in agents, and service contracts as real (tiny) PDFs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { createTestUser, TEST_PASSWORD, TestClient, type TestUser } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { creditCodeFor } from '../helpers/fixtures.js';

/** Beijing midnight of 1 January of `year`, as an instant. */
export const newYear = (year: number) => new Date(`${year}-01-01T00:00:00+08:00`);

export const YEARS = {
  /** Window open at TEST_START (2026-03-02). */
  open: 2026,
  /** Window closed on 2026-01-01. */
  closed: 2025,
  /** Window opens 2027-01-01. */
  notOpen: 2027,
  /** Plan approved, voucher batch configured but not issued. */
  notIssued: 2024,
  /** Window open, a budget of ¥10,000 only. */
  smallBudget: 2023,
} as const;

export const SMALL_BUDGET = 1_000_000;

/** A tiny but whole PDF (file-type sniffs %PDF, files.service wants %%EOF); unique per label. */
export function pdf(label: string = randomUUID()): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n` +
      `2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${label}\n` +
      'trailer << /Root 1 0 R >>\n%%EOF\n',
    'latin1',
  );
}

/** multipart/form-data with one file, as a browser sends it. */
export function multipartFile(file: { name: string; bytes: Buffer; contentType?: string }) {
  const boundary = `----yunquan${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        `Content-Type: ${file.contentType ?? 'application/pdf'}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export interface Enterprise {
  organisationId: string;
  creditCode: string;
  name: string;
  agent: TestUser;
  client: TestClient;
}

export interface ClaimWorld {
  app: App;
  plans: Record<keyof typeof YEARS, string>;
  drc: TestUser;
  /** A new enterprise with a signed-in agent; certified unless told otherwise. */
  enterprise(options?: { certified?: boolean; name?: string }): Promise<Enterprise>;
  /** Puts credit codes on a year's list as a new batch (published unless told otherwise). */
  list(
    year: number,
    rows: Array<{ creditCode: string; name: string; star: 3 | 4 | 5 }>,
    options?: { publish?: boolean },
  ): Promise<Record<string, string>>;
  /** A certified enterprise on the open year's published list; returns it with its entry. */
  listedEnterprise(
    star?: 3 | 4 | 5,
    year?: number,
  ): Promise<Enterprise & { entryId: string; star: 3 | 4 | 5 }>;
  /** Uploads a contract through the API; returns the file id. */
  upload(client: TestClient, bytes?: Buffer, name?: string): Promise<string>;
  /** Submits a claim for the entry with a fresh contract; returns the response. */
  submit(who: Enterprise, entryId: string, bytes?: Buffer): Promise<LightMyRequestResponse>;
  reviewer(role?: 'data_bureau_reviewer' | 'data_bureau_admin'): Promise<TestClient>;
  snapshot(): Promise<Snapshot>;
}

export interface Snapshot {
  claims: number;
  rounds: number;
  contracts: number;
  vouchers: number;
  tranches: number;
  transfers: number;
  budgets: Record<number, number>;
}

let counter = 700_000;

export async function signedIn(app: App, user: TestUser): Promise<TestClient> {
  const client = new TestClient(app);
  const response = await client.signIn(user.username, user.password);
  expect(response.statusCode).toBe(200);
  return client;
}

export async function buildClaimWorld(app: App): Promise<ClaimWorld> {
  const { services } = app;
  const sql = services.database.raw;
  await services.policies.ensureDefault();
  const drc = await createTestUser(app, 'drc_officer');
  const admin = await createTestUser(app, 'data_bureau_admin');
  const operator = await createTestUser(app, 'operator_admin');

  async function plan(
    year: number,
    window: [Date, Date],
    options: { budget?: number; issue?: boolean } = {},
  ): Promise<string> {
    const created = await services.plans.create({
      listYear: year,
      title: `${year} 年度“海安云”资源券发放计划`,
      totalBudget: options.budget ?? 1_000_000_000,
      claimOpensAt: window[0],
      claimClosesAt: window[1],
    });
    await services.plans.approve(created.id, admin.id);
    const batch = await services.voucherBatches.configure(
      {
        planId: created.id,
        name: `${year} 年度云资源券`,
        claimInstructions:
          '上传与“海安云”签订的服务合同复印件（加盖公章），提交后等待市数据局审核。',
      },
      operator.id,
    );
    if (options.issue !== false) await services.voucherBatches.issue(batch.id, operator.id);
    return created.id;
  }

  const plans = {
    open: await plan(YEARS.open, [newYear(2026), newYear(2027)]),
    closed: await plan(YEARS.closed, [newYear(2025), newYear(2026)]),
    notOpen: await plan(YEARS.notOpen, [newYear(2027), newYear(2028)]),
    notIssued: await plan(YEARS.notIssued, [newYear(2024), newYear(2030)], { issue: false }),
    smallBudget: await plan(YEARS.smallBudget, [newYear(2023), newYear(2030)], {
      budget: SMALL_BUDGET,
    }),
  };

  const world: ClaimWorld = {
    app,
    plans,
    drc,

    async enterprise(options = {}) {
      const n = ++counter;
      const creditCode = creditCodeFor(n);
      const name = options.name ?? `海安认领测试企业${n}有限公司`;
      const organisation = await services.users.ensureOrganisation({
        kind: 'enterprise',
        name,
        creditCode,
      });
      if (options.certified !== false) {
        await sql.query('UPDATE organisations SET certified_at = $2 WHERE id = $1', [
          organisation.id,
          services.clock.now(),
        ]);
      }
      const agent = await app.services.users
        .createAccount({
          username: `claim-agent-${n}`,
          name: `经办人${n}`,
          role: 'enterprise_agent',
          organisationId: organisation.id,
          password: TEST_PASSWORD,
        })
        .then((user) => ({
          id: user.id,
          username: `claim-agent-${n}`,
          password: TEST_PASSWORD,
          role: 'enterprise_agent' as const,
          organisationId: organisation.id,
        }));
      return {
        organisationId: organisation.id,
        creditCode,
        name,
        agent,
        client: await signedIn(app, agent),
      };
    },

    async list(year, rows, options = {}) {
      const csv = [
        '序号,设区市,县(市、区),企业名称,统一社会信用代码,星级',
        ...rows.map(
          (row, index) => `${index + 1},南通市,海安市,${row.name},${row.creditCode},${row.star}`,
        ),
      ].join('\r\n');
      const { batch } = await services.starLists.import({
        bytes: Buffer.from(`${csv}\r\n`, 'utf8'),
        fileName: `${year}-名单.csv`,
        listYear: year,
        title: `${year} 年度省星级上云企业名单`,
        confirmWarnings: true,
        organisationId: drc.organisationId,
        importedBy: drc.id,
      });
      if (options.publish !== false) await services.starLists.publish(batch.id, drc.id);
      const entries = await sql.query<{ id: string; credit_code: string }>(
        'SELECT id, credit_code FROM star_list_entries WHERE batch_id = $1',
        [batch.id],
      );
      return Object.fromEntries(entries.map((e) => [e.credit_code, e.id]));
    },

    async listedEnterprise(star = 4, year = YEARS.open) {
      const enterprise = await world.enterprise();
      const ids = await world.list(year, [
        { creditCode: enterprise.creditCode, name: enterprise.name, star },
      ]);
      return { ...enterprise, entryId: ids[enterprise.creditCode] as string, star };
    },

    async upload(client, bytes = pdf(), name = '海安云服务合同.pdf') {
      const response = await client.request({
        method: 'POST',
        url: '/api/claims/contracts',
        ...multipartFile({ name, bytes }),
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    },

    async submit(who, entryId, bytes = pdf()) {
      const contractFileId = await world.upload(who.client, bytes);
      return who.client.post('/api/claims', { entryId, contractFileId });
    },

    async reviewer(role = 'data_bureau_reviewer') {
      return signedIn(app, await createTestUser(app, role));
    },

    async snapshot() {
      const count = async (table: string) =>
        Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
      const budgets = await sql.query<{ list_year: number; budget_balance: string }>(
        'SELECT list_year, budget_balance FROM plans',
      );
      return {
        claims: await count('claims'),
        rounds: await count('claim_rounds'),
        contracts: await count('claim_contracts'),
        vouchers: await count('vouchers'),
        tranches: await count('voucher_tranches'),
        transfers: await count('ledger_transfers'),
        budgets: Object.fromEntries(budgets.map((b) => [b.list_year, Number(b.budget_balance)])),
      };
    },
  };
  return world;
}

export function codeOf(response: LightMyRequestResponse): string {
  return (response.json() as { code: string }).code;
}

/**
 * Runs `act`, expects the refusal, and proves nothing changed: the status and stable code, Chinese
 * words (zod's own aside: the field and the code tell the UI), and the world's counts as before.
 */
export async function refused(
  world: ClaimWorld,
  act: () => Promise<LightMyRequestResponse>,
  status: number,
  code: string,
): Promise<LightMyRequestResponse> {
  const before = await world.snapshot();
  const response = await act();
  expect(response.statusCode, response.body).toBe(status);
  expect(codeOf(response)).toBe(code);
  if (code !== 'VALIDATION_FAILED') expect(response.json().detail).toMatch(/[\u4e00-\u9fff]/);
  expect(response.json().title).toMatch(/[\u4e00-\u9fff]/);
  expect(await world.snapshot()).toEqual(before);
  return response;
}

/** A test file's own app on a fresh database and its claim world (the file closes `t`). */
export async function claimTestApp(): Promise<{ t: TestApp; world: ClaimWorld }> {
  const t = await createTestApp();
  return { t, world: await buildClaimWorld(t.app) };
}
