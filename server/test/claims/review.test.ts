/**
 * The Data Bureau's review of a claim: return with a reason, resubmission with every round kept,
 * approval granting the voucher in one transaction (nothing at all when the budget falls short),
 * and the races — reviewers approving at once, an entry submitted twice at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import {
  type ClaimWorld,
  claimTestApp,
  codeOf,
  pdf,
  refused,
  SMALL_BUDGET,
  YEARS,
} from './support.js';

let t: TestApp;
let world: ClaimWorld;

beforeAll(async () => {
  ({ t, world } = await claimTestApp());
});
afterAll(() => t.close());

/** Gives the test agent a mobile (registered agents have one; test users are made without). */
async function agentMobile(userId: string): Promise<string> {
  const mobile = `139${String(Date.now()).slice(-8)}`;
  await t.app.services.database.raw.query('UPDATE users SET mobile = $2 WHERE id = $1', [
    userId,
    mobile,
  ]);
  return mobile;
}

describe('review: return, resubmit, approve', () => {
  it('keeps every round, shows it to the enterprise, and grants the voucher at approval', async () => {
    const listed = await world.listedEnterprise(4);
    const reviewer = await world.reviewer();
    const smsTo = await agentMobile(listed.agent.id);
    const submitted = await world.submit(listed, listed.entryId);
    expect(submitted.statusCode).toBe(201);
    const claim = submitted.json();
    expect(claim).toMatchObject({ status: 'submitted', roundNo: 1, amount: 2_000_000 });
    const offer = (await listed.client.get('/api/claims/offers')).json().offers[0];
    expect(offer.claim).toEqual({ id: claim.id, status: 'submitted' });

    // The queue: filters, counts, checks at submission.
    const queue = (
      await reviewer.get(
        `/api/reviews/claims?status=submitted&year=${YEARS.open}&q=${listed.creditCode}`,
      )
    ).json();
    expect(queue.total).toBe(1);
    expect(queue.counts).toEqual({ submitted: 1, returned: 0, approved: 0 });
    expect(queue.items[0]).toMatchObject({
      id: claim.id,
      enterpriseName: listed.name,
      creditCode: listed.creditCode,
      star: 4,
      amount: 2_000_000,
      roundNo: 1,
      checksOk: true,
    });
    const byName = (
      await reviewer.get(`/api/reviews/claims?q=${encodeURIComponent(listed.name.slice(2, 12))}`)
    ).json();
    expect(byName.items.map((i: { id: string }) => i.id)).toContain(claim.id);

    // The detail: documents beside the data, the checks recomputed now.
    const detail = (await reviewer.get(`/api/reviews/claims/${claim.id}`)).json();
    expect(detail.rounds).toHaveLength(1);
    expect(detail.rounds[0].contract.url).toBe(`/api/files/${detail.rounds[0].contract.id}`);
    expect((await reviewer.get(detail.rounds[0].contract.url)).statusCode).toBe(200);
    expect(detail.checks.ok).toBe(true);
    expect(detail.checks.items.map((i: { key: string }) => i.key)).toEqual([
      'certified',
      'on_list',
      'published',
      'issued',
      'window',
      'not_granted',
      'contract_unique',
      'name_matches',
      'budget',
    ]);

    // Return with a reason.
    const returned = await reviewer.post(`/api/reviews/claims/${claim.id}/return`, {
      reason: '合同未加盖公章',
    });
    expect(returned.statusCode).toBe(200);
    expect(returned.json().status).toBe('returned');
    const mine = (await listed.client.get('/api/claims')).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0].rounds).toEqual([
      expect.objectContaining({ roundNo: 1, decision: 'returned', reason: '合同未加盖公章' }),
    ]);
    const inbox = (await listed.client.get('/api/notifications')).json();
    expect(inbox.items.map((n: { body: string }) => n.body).join('\n')).toContain('合同未加盖公章');
    // …and by SMS to the agent who submitted, as certification results are.
    const texts = async () =>
      (await t.app.services.outbox.listFor(`${smsTo.slice(0, 3)}****${smsTo.slice(-4)}`)).filter(
        (m) => m.channel === 'sms',
      );
    expect((await texts()).map((m) => m.body).join('\n')).toContain('认领被退回：合同未加盖公章');
    // Nothing more to decide until it comes back.
    const again = await reviewer.post(`/api/reviews/claims/${claim.id}/approve`);
    expect(codeOf(again)).toBe('CLAIM_NOT_UNDER_REVIEW');

    // Resubmit with a corrected contract: a second round.
    const corrected = await world.upload(listed.client, pdf('stamped'));
    t.clock.advance(600_000);
    const resubmitted = await listed.client.post(`/api/claims/${claim.id}/resubmit`, {
      contractFileId: corrected,
    });
    expect(resubmitted.statusCode).toBe(200);
    expect(resubmitted.json()).toMatchObject({ status: 'submitted', roundNo: 2 });
    const twice = await listed.client.post(`/api/claims/${claim.id}/resubmit`, {
      contractFileId: corrected,
    });
    expect(codeOf(twice)).toBe('CLAIM_NOT_RETURNED');

    // Approve: the voucher, its tranches from the claim date, the budget, the inbox.
    const budgetBefore = (await world.snapshot()).budgets[YEARS.open] as number;
    t.clock.advance(600_000);
    const approvedAt = t.clock.now().toISOString();
    const approved = await reviewer.post(`/api/reviews/claims/${claim.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    const view = approved.json();
    expect(view).toMatchObject({ status: 'approved', approvedAt, amount: 2_000_000 });
    expect(view.rounds.map((r: { decision: string }) => r.decision)).toEqual([
      'returned',
      'approved',
    ]);
    expect(view.voucher).toMatchObject({ amount: 2_000_000, grantedAt: approvedAt });
    expect(view.voucher.tranches).toEqual([
      {
        seq: 1,
        amount: 1_400_000,
        activeFrom: approvedAt,
        expiresAt: '2027-03-01T16:00:00.000Z',
      },
      {
        seq: 2,
        amount: 600_000,
        activeFrom: '2027-03-01T16:00:00.000Z',
        expiresAt: '2028-03-01T16:00:00.000Z',
      },
    ]);
    expect((await world.snapshot()).budgets[YEARS.open]).toBe(budgetBefore - 2_000_000);
    expect((await texts()).map((m) => m.body).join('\n')).toContain(
      `您的${YEARS.open}年度资源券认领已通过审核，获得资源券¥20,000.00`,
    );
    const vouchers = (await listed.client.get('/api/enterprise/vouchers')).json().vouchers;
    expect(vouchers).toHaveLength(1);
    expect(vouchers[0]).toMatchObject({ voucherId: view.voucher.voucherId, grantedAt: approvedAt });
    const [row] = await t.app.services.database.raw.query<{ claim_id: string }>(
      'SELECT claim_id FROM vouchers WHERE id = $1',
      [view.voucher.voucherId],
    );
    expect(row?.claim_id).toBe(claim.id);
    const ownClaim = (await listed.client.get(`/api/claims/${claim.id}`)).json();
    expect(ownClaim).toMatchObject({
      status: 'approved',
      approvedAt,
      voucherId: view.voucher.voucherId,
    });
    const bodies = (await listed.client.get('/api/notifications'))
      .json()
      .items.map((n: { body: string }) => n.body);
    expect(bodies.join('\n')).toContain(
      '第1期 ¥14,000.00 有效至 2027-03-01；第2期 ¥6,000.00 自 2027-03-02 起生效，有效至 2028-03-01',
    );
    const counts = (await reviewer.get(`/api/reviews/claims?q=${listed.creditCode}`)).json();
    expect(counts.counts).toEqual({ submitted: 0, returned: 0, approved: 1 });
  });

  it('a resubmission may not reuse a contract another claim holds, nor change anything then', async () => {
    const first = await world.listedEnterprise();
    const bytes = pdf('held by first');
    expect((await world.submit(first, first.entryId, bytes)).statusCode).toBe(201);
    const second = await world.listedEnterprise();
    const claim = (await world.submit(second, second.entryId)).json();
    const reviewer = await world.reviewer();
    await reviewer.post(`/api/reviews/claims/${claim.id}/return`, { reason: '请上传完整合同' });
    const contractFileId = await world.upload(second.client, bytes);
    await refused(
      world,
      () => second.client.post(`/api/claims/${claim.id}/resubmit`, { contractFileId }),
      409,
      'CONTRACT_ALREADY_USED',
    );
  });

  it('a return needs a reason', async () => {
    const listed = await world.listedEnterprise();
    const claim = (await world.submit(listed, listed.entryId)).json();
    const reviewer = await world.reviewer();
    const response = await refused(
      world,
      () => reviewer.post(`/api/reviews/claims/${claim.id}/return`, { reason: '   ' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(response.json().errors[0].field).toContain('reason');
  });

  it('a budget that cannot cover the voucher: 422 with the shortfall, and nothing done', async () => {
    const listed = await world.listedEnterprise(5, YEARS.smallBudget);
    const claim = (await world.submit(listed, listed.entryId)).json();
    const reviewer = await world.reviewer('data_bureau_admin');
    const detail = (await reviewer.get(`/api/reviews/claims/${claim.id}`)).json();
    const budget = detail.checks.items.find((i: { key: string }) => i.key === 'budget');
    expect(budget).toMatchObject({ ok: false, blocking: false });
    expect(budget.message).toContain('缺口 ¥40,000.00');
    const queued = (await reviewer.get(`/api/reviews/claims?q=${listed.creditCode}`)).json();
    expect(queued.items[0].checksOk).toBe(false);

    const response = await refused(
      world,
      () => reviewer.post(`/api/reviews/claims/${claim.id}/approve`),
      422,
      'BUDGET_INSUFFICIENT',
    );
    expect(response.json()).toMatchObject({
      required: 5_000_000,
      remaining: SMALL_BUDGET,
      shortfall: 4_000_000,
    });
    expect(response.json().detail).toContain('缺口 ¥40,000.00');
    const after = (await reviewer.get(`/api/reviews/claims/${claim.id}`)).json();
    expect(after).toMatchObject({ status: 'submitted', voucher: null, approvedAt: null });
    expect(after.rounds[0].decision).toBeNull();
  });

  it('reviewers approving the same claim at once grant exactly one voucher', async () => {
    const listed = await world.listedEnterprise(3);
    const claim = (await world.submit(listed, listed.entryId)).json();
    const reviewers = [
      await world.reviewer(),
      await world.reviewer('data_bureau_admin'),
      await world.reviewer(),
      await world.reviewer('data_bureau_admin'),
    ];
    const before = await world.snapshot();
    const responses = await Promise.all(
      reviewers.map((reviewer) => reviewer.post(`/api/reviews/claims/${claim.id}/approve`)),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    for (const refusal of responses.filter((r) => r.statusCode === 409)) {
      expect(codeOf(refusal)).toBe('CLAIM_NOT_UNDER_REVIEW');
    }
    const after = await world.snapshot();
    expect(after.vouchers).toBe(before.vouchers + 1);
    expect(after.tranches).toBe(before.tranches + 2);
    expect(after.budgets[YEARS.open]).toBe((before.budgets[YEARS.open] as number) - 1_000_000);
    const [count] = await t.app.services.database.raw.query<{ n: string }>(
      'SELECT count(*) AS n FROM vouchers WHERE credit_code = $1',
      [listed.creditCode],
    );
    expect(Number(count?.n)).toBe(1);
  });

  it('two submissions of the same entry at once make exactly one claim', async () => {
    const listed = await world.listedEnterprise();
    const files = [await world.upload(listed.client), await world.upload(listed.client)];
    const responses = await Promise.all(
      files.map((contractFileId) =>
        listed.client.post('/api/claims', { entryId: listed.entryId, contractFileId }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(codeOf(responses.find((r) => r.statusCode === 409)!)).toBe('CLAIM_EXISTS');
    const [count] = await t.app.services.database.raw.query<{ n: string }>(
      'SELECT count(*) AS n FROM claims WHERE entry_id = $1',
      [listed.entryId],
    );
    expect(Number(count?.n)).toBe(1);
  });
});
