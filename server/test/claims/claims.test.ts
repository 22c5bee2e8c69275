/**
 * Claims through the real app on a real database: offers, the contract upload, every refusal
 * of a submission (with its stable code, and nothing changed), the review queue, return and
 * resubmission with every round kept, approval granting the voucher in one transaction (and
 * nothing at all when the budget falls short), races, and who may see what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, signedInAs } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  buildClaimWorld,
  type ClaimWorld,
  codeOf,
  multipartFile,
  pdf,
  SMALL_BUDGET,
  YEARS,
} from './support.js';

let t: TestApp;
let world: ClaimWorld;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildClaimWorld(t.app);
});
afterAll(() => t.close());

/** Runs `act`, expects the refusal, and proves nothing changed. */
async function refused(
  act: () => Promise<import('fastify').LightMyRequestResponse>,
  status: number,
  code: string,
) {
  const before = await world.snapshot();
  const response = await act();
  expect(response.statusCode, response.body).toBe(status);
  expect(codeOf(response)).toBe(code);
  // Every refusal speaks Chinese (zod's own words aside: the field and the code tell the UI).
  if (code !== 'VALIDATION_FAILED') expect(response.json().detail).toMatch(/[\u4e00-\u9fff]/);
  expect(response.json().title).toMatch(/[\u4e00-\u9fff]/);
  expect(await world.snapshot()).toEqual(before);
  return response;
}

describe('before certifying: is the credit code on a published list?', () => {
  it('names the years of published lists, none for an unlisted code, and refuses a malformed one', async () => {
    const listed = await world.listedEnterprise(4);
    const unlisted = await world.enterprise({ certified: false });
    const ask = (code: string) =>
      unlisted.client.get(`/api/certification/listing?creditCode=${encodeURIComponent(code)}`);
    const yes = await ask(listed.creditCode.toLowerCase());
    expect(yes.statusCode).toBe(200);
    expect(yes.json()).toEqual({ creditCode: listed.creditCode, publishedYears: [YEARS.open] });
    const no = await ask(unlisted.creditCode);
    expect(no.json().publishedYears).toEqual([]);
    const bad = await ask('91350100M000100Y4Z');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'querystring.creditCode' });
  });
});

describe('offers', () => {
  it('an uncertified enterprise has none, with a hint to certify first', async () => {
    const enterprise = await world.enterprise({ certified: false });
    const response = await enterprise.client.get('/api/claims/offers');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ certified: false, offers: [] });
    expect(response.json().hint).toContain('认证');
  });

  it('a certified enterprise on a published list sees its offer with the tier amount', async () => {
    const listed = await world.listedEnterprise(5);
    const body = (await listed.client.get('/api/claims/offers')).json();
    expect(body.certified).toBe(true);
    expect(body.hint).toBeNull();
    expect(body.offers).toEqual([
      expect.objectContaining({
        entryId: listed.entryId,
        listYear: YEARS.open,
        star: 5,
        amount: 5_000_000,
        enterpriseName: listed.name,
        windowOpen: true,
        claim: null,
      }),
    ]);
  });

  it('an enterprise not on any list has none, with a hint why', async () => {
    const enterprise = await world.enterprise();
    const body = (await enterprise.client.get('/api/claims/offers')).json();
    expect(body).toMatchObject({ certified: true, offers: [] });
    expect(body.hint).toContain('名单');
  });
});

describe('contract upload', () => {
  it('stores a PDF judged by content and gives its meta and link', async () => {
    const enterprise = await world.enterprise();
    const response = await enterprise.client.request({
      method: 'POST',
      url: '/api/claims/contracts',
      ...multipartFile({ name: '../../合同.pdf', bytes: pdf('upload'), contentType: 'image/png' }),
    });
    expect(response.statusCode).toBe(201);
    const meta = response.json();
    expect(meta).toMatchObject({ mediaType: 'application/pdf', originalName: '合同.pdf' });
    expect(meta.url).toBe(`/api/files/${meta.id}`);
    expect((await enterprise.client.get(meta.url)).statusCode).toBe(200);
  });

  it('refuses a file that is not a PDF, JPEG or PNG whatever it is called', async () => {
    const enterprise = await world.enterprise();
    const response = await enterprise.client.request({
      method: 'POST',
      url: '/api/claims/contracts',
      ...multipartFile({ name: '合同.pdf', bytes: Buffer.from('MZ\x90\x00 not a contract') }),
    });
    expect(response.statusCode).toBe(415);
    expect(codeOf(response)).toBe('UNSUPPORTED_FILE_TYPE');
  });

  it('refuses a file over the policy limit', async () => {
    const enterprise = await world.enterprise();
    const big = Buffer.concat([pdf('big'), Buffer.alloc(10 * 1024 * 1024)]);
    const response = await enterprise.client.request({
      method: 'POST',
      url: '/api/claims/contracts',
      ...multipartFile({ name: '合同.pdf', bytes: big }),
    });
    expect(response.statusCode).toBe(413);
    expect(codeOf(response)).toBe('FILE_TOO_LARGE');
  });

  it('is for certified enterprises only', async () => {
    const enterprise = await world.enterprise({ certified: false });
    const response = await enterprise.client.request({
      method: 'POST',
      url: '/api/claims/contracts',
      ...multipartFile({ name: '合同.pdf', bytes: pdf() }),
    });
    expect(response.statusCode).toBe(409);
    expect(codeOf(response)).toBe('NOT_CERTIFIED');
  });
});

describe('submission refusals: a stable code, a Chinese message, nothing changed', () => {
  it('NOT_CERTIFIED: an enterprise that has not been certified', async () => {
    const listed = await world.listedEnterprise();
    const contractFileId = await world.upload(listed.client);
    await t.app.services.database.raw.query(
      'UPDATE organisations SET certified_at = NULL WHERE id = $1',
      [listed.organisationId],
    );
    await refused(
      () => listed.client.post('/api/claims', { entryId: listed.entryId, contractFileId }),
      409,
      'NOT_CERTIFIED',
    );
  });

  it("ENTRY_NOT_FOUND: an enterprise not on the list (another's entry, or none)", async () => {
    const other = await world.listedEnterprise();
    const outsider = await world.enterprise();
    const contractFileId = await world.upload(outsider.client);
    await refused(
      () => outsider.client.post('/api/claims', { entryId: other.entryId, contractFileId }),
      404,
      'ENTRY_NOT_FOUND',
    );
    await refused(
      () => outsider.client.post('/api/claims', { entryId: 'no-such-entry', contractFileId }),
      404,
      'ENTRY_NOT_FOUND',
    );
  });

  it('ENTRY_NOT_PUBLISHED: a claim before the list is published', async () => {
    const enterprise = await world.enterprise();
    const ids = await world.list(
      YEARS.open,
      [{ creditCode: enterprise.creditCode, name: enterprise.name, star: 3 }],
      { publish: false },
    );
    const contractFileId = await world.upload(enterprise.client);
    const offers = (await enterprise.client.get('/api/claims/offers')).json();
    expect(offers.offers).toEqual([]);
    await refused(
      () =>
        enterprise.client.post('/api/claims', {
          entryId: ids[enterprise.creditCode],
          contractFileId,
        }),
      409,
      'ENTRY_NOT_PUBLISHED',
    );
  });

  it('OFFER_NOT_ISSUED: the voucher batch of the year is not issued', async () => {
    const listed = await world.listedEnterprise(4, YEARS.notIssued);
    const contractFileId = await world.upload(listed.client);
    await refused(
      () => listed.client.post('/api/claims', { entryId: listed.entryId, contractFileId }),
      409,
      'OFFER_NOT_ISSUED',
    );
  });

  it('CLAIM_WINDOW_CLOSED and CLAIM_WINDOW_NOT_OPEN: outside the claim window', async () => {
    const late = await world.listedEnterprise(4, YEARS.closed);
    const lateFile = await world.upload(late.client);
    const closed = await refused(
      () => late.client.post('/api/claims', { entryId: late.entryId, contractFileId: lateFile }),
      409,
      'CLAIM_WINDOW_CLOSED',
    );
    expect(closed.json().detail).toContain('2025-12-31');
    const early = await world.listedEnterprise(4, YEARS.notOpen);
    const earlyFile = await world.upload(early.client);
    await refused(
      () => early.client.post('/api/claims', { entryId: early.entryId, contractFileId: earlyFile }),
      409,
      'CLAIM_WINDOW_NOT_OPEN',
    );
    const offers = (await early.client.get('/api/claims/offers')).json().offers;
    expect(offers).toEqual([expect.objectContaining({ windowOpen: false })]);
  });

  it('CLAIM_EXISTS: a duplicate claim for the same entry', async () => {
    const listed = await world.listedEnterprise();
    expect((await world.submit(listed, listed.entryId)).statusCode).toBe(201);
    const contractFileId = await world.upload(listed.client);
    await refused(
      () => listed.client.post('/api/claims', { entryId: listed.entryId, contractFileId }),
      409,
      'CLAIM_EXISTS',
    );
  });

  it('VOUCHER_ALREADY_GRANTED: a second voucher for the same enterprise and year', async () => {
    const listed = await world.listedEnterprise(3);
    await t.app.services.ledger.grant({
      enterpriseId: listed.organisationId,
      creditCode: listed.creditCode,
      enterpriseName: listed.name,
      listYear: YEARS.open,
      star: 3,
      planId: world.plans.open,
    });
    const contractFileId = await world.upload(listed.client);
    await refused(
      () => listed.client.post('/api/claims', { entryId: listed.entryId, contractFileId }),
      409,
      'VOUCHER_ALREADY_GRANTED',
    );
  });

  it('CONTRACT_ALREADY_USED: the same contract bytes on a second enterprise’s claim', async () => {
    const bytes = pdf('shared contract');
    const first = await world.listedEnterprise();
    expect((await world.submit(first, first.entryId, bytes)).statusCode).toBe(201);
    const second = await world.listedEnterprise();
    const contractFileId = await world.upload(second.client, bytes);
    await refused(
      () => second.client.post('/api/claims', { entryId: second.entryId, contractFileId }),
      409,
      'CONTRACT_ALREADY_USED',
    );
  });

  it("FILE_NOT_FOUND: another enterprise's file, or a file that is not a service contract", async () => {
    const listed = await world.listedEnterprise();
    const stranger = await world.enterprise();
    const theirs = await world.upload(stranger.client);
    await refused(
      () => listed.client.post('/api/claims', { entryId: listed.entryId, contractFileId: theirs }),
      404,
      'FILE_NOT_FOUND',
    );
    const licence = await t.app.services.files.store({
      bytes: pdf('licence'),
      originalName: '营业执照.pdf',
      purpose: 'business_licence',
      organisationId: listed.organisationId,
      uploadedBy: listed.agent.id,
      allowedTypes: ['application/pdf'],
      maxBytes: 1_000_000,
    });
    await refused(
      () =>
        listed.client.post('/api/claims', { entryId: listed.entryId, contractFileId: licence.id }),
      404,
      'FILE_NOT_FOUND',
    );
  });

  it('VALIDATION_FAILED: a malformed body names the field', async () => {
    const listed = await world.listedEnterprise();
    const response = await refused(
      () => listed.client.post('/api/claims', { entryId: listed.entryId }),
      400,
      'VALIDATION_FAILED',
    );
    expect(response.json().errors[0].field).toContain('contractFileId');
  });
});

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

describe('who sees what', () => {
  it('another enterprise can neither see nor resubmit a claim (404), nor list it', async () => {
    const owner = await world.listedEnterprise();
    const claim = (await world.submit(owner, owner.entryId)).json();
    const other = await world.enterprise();
    const seen = await other.client.get(`/api/claims/${claim.id}`);
    expect(seen.statusCode).toBe(404);
    expect(codeOf(seen)).toBe('CLAIM_NOT_FOUND');
    const contractFileId = await world.upload(other.client);
    await refused(
      () => other.client.post(`/api/claims/${claim.id}/resubmit`, { contractFileId }),
      404,
      'CLAIM_NOT_FOUND',
    );
    expect((await other.client.get('/api/claims')).json()).toEqual({ items: [] });
    const file = await other.client.get(`/api/files/${claim.rounds[0].contract.id}`);
    expect(file.statusCode).toBe(404);
  });

  it('the review queue is the Data Bureau’s: operators and enterprises get 403', async () => {
    const listed = await world.listedEnterprise();
    const claim = (await world.submit(listed, listed.entryId)).json();
    const { client: operator } = await signedInAs(t.app, 'operator_staff');
    for (const client of [operator, listed.client]) {
      expect((await client.get('/api/reviews/claims')).statusCode).toBe(403);
      expect((await client.get(`/api/reviews/claims/${claim.id}`)).statusCode).toBe(403);
      const approve = await client.post(`/api/reviews/claims/${claim.id}/approve`);
      expect(approve.statusCode).toBe(403);
      expect(codeOf(approve)).toBe('FORBIDDEN');
    }
    const reviewer = await world.reviewer();
    expect(
      (await reviewer.post('/api/claims', { entryId: 'x', contractFileId: 'y' })).statusCode,
    ).toBe(403);
    expect((await reviewer.get('/api/reviews/claims/no-such-claim')).statusCode).toBe(404);
  });

  it('tells the Data Bureau of a new claim, with a link to it', async () => {
    const reviewerUser = await createTestUser(t.app, 'data_bureau_reviewer');
    const listed = await world.listedEnterprise();
    const claim = (await world.submit(listed, listed.entryId)).json();
    const [row] = await t.app.services.database.raw.query<{ link: string; title: string }>(
      `SELECT link, title FROM notifications WHERE user_id = $1 AND dedupe_key = $2`,
      [reviewerUser.id, `claim:${claim.id}:round:1:submitted`],
    );
    expect(row).toEqual({
      link: `/data-bureau/claim-reviews/${claim.id}`,
      title: '新的资源券认领待审核',
    });
  });
});
