/**
 * The demo seed has enterprises at every stage of the journey, each as the platform itself
 * would have left it, and each agent sees its own stage through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_JOURNEY_ACCOUNTS,
  DEMO_PASSWORD,
  demoLoginsFor,
} from '../../src/modules/accounts/demo-accounts.js';
import { seedDemoIfEmpty } from '../../src/seed/demo.js';
import { TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let summary: string[];
const LIST_YEAR = 2026; // TEST_START is 2026-03-02 in Beijing

beforeAll(async () => {
  t = await createTestApp();
  const seeded = await seedDemoIfEmpty(t.app.services);
  if (!seeded) throw new Error('the empty database was not seeded');
  summary = seeded.summary;
}, 120_000);
afterAll(() => t.close());

async function as(username: string): Promise<TestClient> {
  const client = new TestClient(t.app);
  const response = await client.signIn(username, DEMO_PASSWORD);
  expect(response.statusCode, response.body).toBe(200);
  return client;
}

async function certificationStatus(username: string): Promise<string | null> {
  const [row] = await t.app.services.database.raw.query<{ status: string | null }>(
    `SELECT c.status FROM users u LEFT JOIN certifications c ON c.organisation_id = u.organisation_id
      WHERE u.username = $1`,
    [username],
  );
  return row?.status ?? null;
}

describe('demo journey', () => {
  it('lists every journey login on the sign-in page and in the start-up summary', () => {
    const logins = demoLoginsFor().map((login) => login.username);
    const text = summary.join('\n');
    for (const account of DEMO_JOURNEY_ACCOUNTS) {
      expect(logins).toContain(account.username);
      expect(text).toContain(account.username);
      expect(text).toContain(account.stageName);
    }
  });

  it('registered: signed up, not certified, no offers yet', async () => {
    const client = await as('agent-registered');
    expect(await certificationStatus('agent-registered')).toBeNull();
    expect((await client.get('/api/claims/offers')).json()).toMatchObject({
      certified: false,
      offers: [],
    });
  });

  it('certification submitted and certification returned', async () => {
    expect(await certificationStatus('agent-certifying')).toBe('submitted');
    expect(await certificationStatus('agent-cert-returned')).toBe('returned');
    const [round] = await t.app.services.database.raw.query<{ reason: string }>(
      `SELECT r.reason FROM users u JOIN certifications c ON c.organisation_id = u.organisation_id
         JOIN certification_rounds r ON r.certification_id = c.id
        WHERE u.username = 'agent-cert-returned'`,
    );
    expect(round?.reason).toContain('公章');
  });

  it('certified: sees its offer of the current year, open, not yet claimed', async () => {
    expect(await certificationStatus('agent-certified')).toBe('approved');
    const client = await as('agent-certified');
    const body = (await client.get('/api/claims/offers')).json();
    expect(body.offers).toEqual([
      expect.objectContaining({
        listYear: LIST_YEAR,
        star: 5,
        amount: 5_000_000,
        windowOpen: true,
        claim: null,
      }),
    ]);
  });

  it('claim returned: the enterprise sees the round and its reason', async () => {
    const client = await as('agent-returned');
    const [claim] = (await client.get('/api/claims')).json().items;
    expect(claim).toMatchObject({ status: 'returned', listYear: LIST_YEAR, roundNo: 1 });
    expect(claim.rounds[0]).toMatchObject({ decision: 'returned' });
    expect(claim.rounds[0].reason).toContain('盖章');
    expect((await client.get(claim.rounds[0].contract.url)).headers['content-type']).toBe(
      'application/pdf',
    );
  });

  it('claimed: awaiting review; approved: the voucher is granted from the claim date', async () => {
    const claimed = (await (await as('agent-claimed')).get('/api/claims')).json().items;
    expect(claimed).toEqual([expect.objectContaining({ status: 'submitted' })]);

    const approvedClient = await as('agent-approved');
    const [approved] = (await approvedClient.get('/api/claims')).json().items;
    expect(approved).toMatchObject({ status: 'approved', amount: 5_000_000 });
    const { vouchers } = (await approvedClient.get('/api/enterprise/vouchers')).json();
    expect(vouchers).toEqual([
      expect.objectContaining({
        voucherId: approved.voucherId,
        listYear: LIST_YEAR,
        amount: 5_000_000,
        grantedAt: approved.approvedAt,
      }),
    ]);
  });

  it("fills the reviewer's queue for the year", async () => {
    const reviewer = await as('reviewer');
    const queue = (await reviewer.get(`/api/reviews/claims?year=${LIST_YEAR}`)).json();
    expect(queue.counts).toEqual({ submitted: 1, returned: 1, approved: 1 });
    const detail = (await reviewer.get(`/api/reviews/claims/${queue.items[0].id}`)).json();
    expect(detail.certification).toMatchObject({ status: 'approved' });
    expect(detail.rounds[0].contract.mediaType).toBe('application/pdf');
  });

  it('certifies the demo enterprise that holds vouchers of an earlier year', async () => {
    expect(await certificationStatus('enterprise')).toBe('approved');
    const client = await as('enterprise');
    expect((await client.get('/api/claims/offers')).json().certified).toBe(true);
  });
});
