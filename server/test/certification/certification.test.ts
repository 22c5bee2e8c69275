/**
 * Certification end to end through the real app: submission and its refusals, the Data
 * Bureau's queue, return with a reason, resubmission, approval, every round kept and visible to
 * the enterprise, masking everywhere, the audited reveal, encryption at rest, and who may see
 * what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, problemOf, TestClient, type TestUser } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createEnterprise, creditCodeFor } from '../helpers/fixtures.js';
import { type FakeService, startFakeService } from '../registration/fake-service.js';
import {
  type Agent,
  addListEntry,
  registerAgent,
  SAMPLE_PDF,
  type Submission,
  submissionFor,
  upload,
  VALID_IDS,
} from './support.js';

let t: TestApp;
const signedIn = new Map<string, { client: TestClient; user: TestUser }>();

async function as(role: Parameters<typeof createTestUser>[1]) {
  const existing = signedIn.get(role);
  if (existing) {
    // The tests move the clock: a session may have timed out since.
    if ((await existing.client.get('/api/me')).statusCode !== 200) {
      await existing.client.signIn(existing.user.username, existing.user.password);
    }
    return existing.client;
  }
  const user = await createTestUser(t.app, role);
  const client = new TestClient(t.app);
  const response = await client.signIn(user.username, user.password);
  if (response.statusCode !== 200) throw new Error(response.body);
  signedIn.set(role, { client, user });
  return client;
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const mask = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
let codeSeq = 700;
const nextCode = () => {
  codeSeq += 1;
  return codeSeq;
};

/** Fails with the personal values found in a response body. */
function expectNoPersonalData(body: string, values: string[]): void {
  const found = values.filter((value) => body.includes(value));
  expect(found).toEqual([]);
  // No 11-digit mainland mobile number at all, whoever's it is.
  expect(body.match(/(?<![0-9A-Z])1[3-9]\d{9}(?!\d)/g)).toBeNull();
}

async function rows(sql: string, params: unknown[] = []) {
  return t.db.database.raw.query<Record<string, unknown>>(sql, params);
}

describe('submitting', () => {
  let agent: Agent;
  let valid: Submission;

  beforeAll(async () => {
    agent = await registerAgent(t.app);
    valid = await submissionFor(agent, { creditCode: creditCodeFor(nextCode()) });
  });

  it('shows no certification before the first submission', async () => {
    const response = await agent.client.get('/api/certification');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      organisation: { id: agent.organisationId, creditCode: null, certifiedAt: null },
      certification: null,
      canSubmit: true,
    });
    expect(response.json().organisation.name).toBe(`未认证企业（${mask(agent.mobile)}）`);
  });

  it('refuses each kind of bad submission with its code, and stores nothing', async () => {
    const other = await registerAgent(t.app);
    const othersFile = (
      await upload(other.client, 'business_licence', { name: 'x.pdf', bytes: SAMPLE_PDF })
    ).json().id;
    const certified = await createEnterprise(t.db.database.raw, nextCode());
    const { agentIdNumber: _omitted, ...withoutId } = valid;

    const cases: [Record<string, unknown>, number, string, string?][] = [
      [withoutId, 400, 'VALIDATION_FAILED', 'body.agentIdNumber'],
      [{ ...valid, agentIdNumber: '110105194912310021' }, 422, 'REAL_NAME_CHECK_FAILED'],
      [{ ...valid, agentIdNumber: '110105194902310026' }, 422, 'REAL_NAME_CHECK_FAILED'],
      [{ ...valid, agentIdNumber: '12345' }, 422, 'REAL_NAME_CHECK_FAILED'],
      [{ ...valid, creditCode: '91350100M000100Y4Z' }, 400, 'VALIDATION_FAILED', 'body.creditCode'],
      [{ ...valid, creditCode: '91310115MAIH8R7C41' }, 400, 'VALIDATION_FAILED', 'body.creditCode'],
      [{ ...valid, agentMobile: '12345' }, 400, 'VALIDATION_FAILED', 'body.agentMobile'],
      [{ ...valid, contactPhone: 'call me' }, 400, 'VALIDATION_FAILED', 'body.contactPhone'],
      [{ ...valid, licenceFileId: othersFile }, 404, 'FILE_NOT_FOUND', 'body.licenceFileId'],
      [{ ...valid, licenceFileId: 'no-such-file' }, 404, 'FILE_NOT_FOUND'],
      [
        { ...valid, authorisationFileId: valid.licenceFileId },
        400,
        'FILE_PURPOSE_MISMATCH',
        'body.authorisationFileId',
      ],
      [{ ...valid, creditCode: certified.creditCode }, 409, 'CREDIT_CODE_TAKEN'],
      [{ ...valid, enterpriseName: '' }, 400, 'VALIDATION_FAILED', 'body.enterpriseName'],
    ];
    for (const [body, status, code, field] of cases) {
      const response = await agent.client.post('/api/certification', body);
      expect({ status: response.statusCode, code: problemOf(response).code }).toEqual({
        status,
        code,
      });
      if (field) expect(problemOf(response).errors?.map((e) => e.field)).toContain(field);
    }
    const idProblem = problemOf(
      await agent.client.post('/api/certification', {
        ...valid,
        agentIdNumber: '110105194902310026',
      }),
    );
    expect(idProblem).toMatchObject({ reason: 'BIRTH_DATE' });
    expect(idProblem.detail).toContain('出生日期');

    expect(
      await rows('SELECT 1 FROM certifications WHERE organisation_id = $1', [agent.organisationId]),
    ).toEqual([]);
  });

  it('accepts a lower-case credit code and an ID number ending in a lower-case x', async () => {
    const response = await agent.client.post('/api/certification', {
      ...valid,
      creditCode: valid.creditCode.toLowerCase(),
      agentIdNumber: VALID_IDS[0]!.toLowerCase(),
    });
    expect(response.statusCode).toBe(201);
    const round = response.json().certification.rounds[0];
    expect(round.creditCode).toBe(valid.creditCode);
    expect(round.agentIdNumber).toBe('110***********002X');
  });
});

describe('the review round trip', () => {
  const creditCode = creditCodeFor(900);
  const listName = '海安测试科技（集团）有限公司';
  let agent: Agent;
  let colleague: TestClient;
  let submission: Submission;
  let certificationId: string;
  let reviewer: TestClient;
  let personal: string[];

  beforeAll(async () => {
    await addListEntry(t.db.database.raw, { creditCode, enterpriseName: listName, star: 5 });
    agent = await registerAgent(t.app, { email: 'agent@example.com' });
    submission = await submissionFor(agent, {
      creditCode,
      enterpriseName: '海安测试科技有限公司',
      agentIdNumber: VALID_IDS[1]!,
      contactPhone: '13700002222',
    });
    personal = [VALID_IDS[1]!, agent.mobile, '13700002222'];
    reviewer = await as('data_bureau_reviewer');
    // A second user of the same enterprise (e.g. a colleague added later) sees it too.
    const user = await t.app.services.users.createAccount({
      username: `colleague-${codeSeq}`,
      name: '同事',
      role: 'enterprise_agent',
      organisationId: agent.organisationId,
      password: 'Test-pass-2026',
    });
    colleague = new TestClient(t.app);
    await colleague.signIn(user.username);
  });

  it('submits the first round, masked in what the enterprise sees', async () => {
    const response = await agent.client.post('/api/certification', submission);
    expect(response.statusCode).toBe(201);
    const { certification } = response.json();
    certificationId = certification.id;
    expect(certification).toMatchObject({ status: 'submitted', currentRound: 1 });
    expect(certification.rounds).toHaveLength(1);
    expect(certification.rounds[0]).toMatchObject({
      roundNo: 1,
      enterpriseName: '海安测试科技有限公司',
      creditCode,
      agentIdNumber: '440***********1236',
      agentMobile: mask(agent.mobile),
      contactPhone: '137****2222',
      decision: null,
      reason: null,
      licenceFile: { id: submission.licenceFileId, mediaType: 'application/pdf' },
      authorisationFile: { id: submission.authorisationFileId, mediaType: 'image/jpeg' },
    });
    // The reviewer's findings are not part of the enterprise's view.
    expect(certification.rounds[0].realNameCheck).toBeUndefined();
    expectNoPersonalData(response.body, personal);
  });

  it('refuses another submission or upload while the round is under review', async () => {
    const again = await agent.client.post('/api/certification', submission);
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).code).toBe('CERTIFICATION_PENDING');
    const file = await upload(agent.client, 'business_licence', {
      name: 'a.pdf',
      bytes: SAMPLE_PDF,
    });
    expect(file.statusCode).toBe(409);
    expect(problemOf(file).code).toBe('CERTIFICATION_PENDING');
  });

  it('puts it in the queue with the list comparison and the real-name result', async () => {
    const queue = await reviewer.get(
      `/api/reviews/certifications?status=submitted&q=${creditCode}`,
    );
    expect(queue.statusCode).toBe(200);
    expect(queue.json().total).toBe(1);
    expect(queue.json().items).toEqual([
      expect.objectContaining({
        id: certificationId,
        organisationId: agent.organisationId,
        enterpriseName: '海安测试科技有限公司',
        creditCode,
        status: 'submitted',
        roundNo: 1,
        onList: true,
        nameMatches: false,
        realNameOk: true,
      }),
    ]);
    expect(queue.json().counts.submitted).toBeGreaterThanOrEqual(1);
    expectNoPersonalData(queue.body, personal);

    const byName = await reviewer.get(
      `/api/reviews/certifications?q=${encodeURIComponent('海安测试科技')}`,
    );
    expect(byName.json().items.map((i: { id: string }) => i.id)).toContain(certificationId);
    const approved = await reviewer.get(
      `/api/reviews/certifications?status=approved&q=${creditCode}`,
    );
    expect(approved.json()).toMatchObject({ items: [], total: 0 });
    expect(approved.json().counts.submitted).toBe(1);

    const detail = await reviewer.get(`/api/reviews/certifications/${certificationId}`);
    expect(detail.statusCode).toBe(200);
    const round = detail.json().certification.rounds[0];
    expect(round.realNameCheck).toMatchObject({
      provider: 'local-check',
      ok: true,
      nameChecked: false,
    });
    expect(round.listComparison).toMatchObject({
      onList: true,
      listYear: 2025,
      star: 5,
      listName,
      nameMatches: false,
      differences: [
        { field: 'enterpriseName', submitted: '海安测试科技有限公司', listed: listName },
      ],
    });
    expect(round.submittedBy).toEqual({ id: agent.userId, name: '张经办' });
    expect(round.licenceFile.url).toBe(`/api/files/${submission.licenceFileId}`);
    expectNoPersonalData(detail.body, personal);
  });

  it('lets reviewers and the enterprise view the documents, and no one else', async () => {
    const url = `/api/files/${submission.licenceFileId}`;
    for (const client of [reviewer, await as('data_bureau_admin'), agent.client, colleague]) {
      const response = await client.get(url);
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.equals(SAMPLE_PDF)).toBe(true);
    }
    const stranger = await registerAgent(t.app);
    for (const client of [
      stranger.client,
      await as('operator_staff'),
      await as('drc_officer'),
      await as('finance_officer'),
      await as('system_admin'),
    ]) {
      const response = await client.get(url);
      expect(response.statusCode).toBe(404);
      expect(problemOf(response).code).toBe('FILE_NOT_FOUND');
    }
    expect((await new TestClient(t.app).get(url)).statusCode).toBe(401);
    // Another enterprise sees its own (empty) certification, never this one.
    const theirs = await stranger.client.get('/api/certification');
    expect(theirs.json().certification).toBeNull();
  });

  it('reveals one field to a reviewer, audited without the value', async () => {
    const refused = await agent.client.post(
      `/api/reviews/certifications/${certificationId}/reveal`,
      { field: 'agentIdNumber', roundNo: 1 },
    );
    expect(refused.statusCode).toBe(403);

    const revealed = await reviewer.post(`/api/reviews/certifications/${certificationId}/reveal`, {
      field: 'agentIdNumber',
      roundNo: 1,
    });
    expect(revealed.statusCode).toBe(200);
    expect(revealed.json()).toEqual({ field: 'agentIdNumber', roundNo: 1, value: VALID_IDS[1] });
    const mobile = await reviewer.post(`/api/reviews/certifications/${certificationId}/reveal`, {
      field: 'agentMobile',
      roundNo: 1,
    });
    expect(mobile.json().value).toBe(agent.mobile);
    const phone = await reviewer.post(`/api/reviews/certifications/${certificationId}/reveal`, {
      field: 'contactPhone',
      roundNo: 1,
    });
    expect(phone.json().value).toBe('13700002222');
    const missing = await reviewer.post(`/api/reviews/certifications/${certificationId}/reveal`, {
      field: 'agentMobile',
      roundNo: 7,
    });
    expect(missing.statusCode).toBe(404);

    await t.app.services.audit.drain();
    const audit = await rows(
      `SELECT actor_user_id, outcome, detail FROM audit_log
        WHERE action = 'certification.reveal' AND target_id = $1 ORDER BY seq`,
      [certificationId],
    );
    const reviewerId = signedIn.get('data_bureau_reviewer')!.user.id;
    expect(audit.slice(0, 3)).toEqual([
      {
        actor_user_id: reviewerId,
        outcome: 'success',
        detail: { status: 200, field: 'agentIdNumber', roundNo: 1 },
      },
      {
        actor_user_id: reviewerId,
        outcome: 'success',
        detail: { status: 200, field: 'agentMobile', roundNo: 1 },
      },
      {
        actor_user_id: reviewerId,
        outcome: 'success',
        detail: { status: 200, field: 'contactPhone', roundNo: 1 },
      },
    ]);
    expectNoPersonalData(JSON.stringify(audit), personal);
  });

  it('returns the round with a reason, which the enterprise sees with the round', async () => {
    const url = `/api/reviews/certifications/${certificationId}/return`;
    for (const body of [
      { roundNo: 1 },
      { roundNo: 1, reason: '' },
      { roundNo: 1, reason: ' 差 ' },
    ]) {
      const response = await reviewer.post(url, body);
      expect(response.statusCode).toBe(400);
      expect(problemOf(response).code).toBe('VALIDATION_FAILED');
    }
    const wrongRound = await reviewer.post(url, { roundNo: 2, reason: '营业执照不清晰' });
    expect(wrongRound.statusCode).toBe(409);
    expect(problemOf(wrongRound).code).toBe('ROUND_ALREADY_DECIDED');

    const reason = '营业执照照片不清晰，企业名称与名单不一致，请核对后重新上传';
    const returned = await reviewer.post(url, { roundNo: 1, reason });
    expect(returned.statusCode).toBe(200);
    expect(returned.json().certification).toMatchObject({ status: 'returned', currentRound: 1 });
    expect(returned.json().certification.rounds[0]).toMatchObject({
      decision: 'returned',
      reason,
      reviewedBy: { id: signedIn.get('data_bureau_reviewer')!.user.id },
    });
    const twice = await reviewer.post(url, { roundNo: 1, reason });
    expect(problemOf(twice).code).toBe('ROUND_ALREADY_DECIDED');

    const own = await colleague.get('/api/certification');
    expect(own.json()).toMatchObject({
      canSubmit: true,
      certification: { status: 'returned', rounds: [{ roundNo: 1, decision: 'returned', reason }] },
    });
    expect(own.json().certification.rounds[0].reviewedAt).toBe(t.clock.now().toISOString());

    const inbox = await agent.client.get('/api/notifications');
    expect(inbox.json().items[0]).toMatchObject({
      kind: 'certification.returned',
      title: '企业认证被退回',
      link: '/enterprise/certification',
    });
    expect(inbox.json().items[0].body).toContain(reason);
    const sms = (await t.app.services.outbox.listFor(mask(agent.mobile))).find((m) =>
      m.body.includes('认证被退回'),
    );
    expect(sms).toMatchObject({ channel: 'sms', status: 'sent' });
    expect(sms?.body).toContain('您的企业认证被退回：营业执照照片不清晰');
    const [email] = await t.app.services.outbox.listFor('a***@example.com');
    expect(email).toMatchObject({ channel: 'email', subject: '【海安云资源券】企业认证被退回' });
  });

  it('takes a corrected resubmission as round 2, keeping round 1', async () => {
    t.clock.advance(10 * 60_000);
    const { agentIdNumber: _id, agentMobile: _mobile, ...rest } = submission;
    const response = await agent.client.post('/api/certification', {
      ...rest,
      enterpriseName: '海安测试科技(集团)有限公司',
    });
    expect(response.statusCode).toBe(201);
    const { certification } = response.json();
    expect(certification).toMatchObject({ status: 'submitted', currentRound: 2 });
    expect(certification.rounds.map((r: { roundNo: number }) => r.roundNo)).toEqual([2, 1]);
    expect(certification.rounds[0]).toMatchObject({
      decision: null,
      // Kept from round 1, as the agent left them out.
      agentIdNumber: '440***********1236',
      agentMobile: mask(agent.mobile),
    });
    expect(certification.rounds[1]).toMatchObject({ decision: 'returned' });

    const queue = await reviewer.get(`/api/reviews/certifications?q=${creditCode}`);
    expect(queue.json().items[0]).toMatchObject({
      roundNo: 2,
      status: 'submitted',
      nameMatches: true,
    });
  });

  it('approves the latest round only: the enterprise takes its name and code', async () => {
    const approveUrl = `/api/reviews/certifications/${certificationId}/approve`;
    const stale = await reviewer.post(approveUrl, { roundNo: 1 });
    expect(stale.statusCode).toBe(409);
    expect(problemOf(stale).code).toBe('ROUND_ALREADY_DECIDED');

    const approved = await reviewer.post(approveUrl, { roundNo: 2 });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().certification).toMatchObject({
      status: 'approved',
      organisation: {
        name: '海安测试科技(集团)有限公司',
        creditCode,
        certifiedAt: t.clock.now().toISOString(),
      },
    });
    const me = await agent.client.get('/api/me');
    expect(me.json().user.organisation.name).toBe('海安测试科技(集团)有限公司');

    expect(problemOf(await reviewer.post(approveUrl, { roundNo: 2 })).code).toBe(
      'ROUND_ALREADY_DECIDED',
    );
    const resubmit = await agent.client.post('/api/certification', submission);
    expect(resubmit.statusCode).toBe(409);
    expect(problemOf(resubmit).code).toBe('CERTIFICATION_APPROVED');
    const file = await upload(agent.client, 'business_licence', {
      name: 'a.pdf',
      bytes: SAMPLE_PDF,
    });
    expect(problemOf(file).code).toBe('CERTIFICATION_APPROVED');

    const own = await agent.client.get('/api/certification');
    expect(own.json()).toMatchObject({ canSubmit: false, certification: { status: 'approved' } });
    expect(own.json().certification.rounds).toHaveLength(2);
    expectNoPersonalData(own.body, personal);

    const inbox = await colleague.get('/api/notifications');
    expect(inbox.json().items.map((n: { kind: string }) => n.kind)).toEqual([
      'certification.approved',
      'certification.returned',
    ]);
    const messages = await t.app.services.outbox.listFor(mask(agent.mobile));
    expect(messages.filter((m) => m.body.includes('您的企业认证已通过'))).toHaveLength(1);
  });

  it('keeps ID numbers and mobiles encrypted at rest', async () => {
    const stored = await rows('SELECT * FROM certification_rounds WHERE certification_id = $1', [
      certificationId,
    ]);
    expect(stored).toHaveLength(2);
    const text = JSON.stringify(stored);
    for (const value of personal) expect(text).not.toContain(value);
    expect(String(stored[0]?.agent_id_number_ciphertext)).toMatch(/^v1:/);
    expect(String(stored[0]?.contact_phone)).toMatch(/^v1:/);
    const messages = JSON.stringify(await rows('SELECT * FROM outbound_messages'));
    expect(messages).not.toContain(agent.mobile);
    expect(messages).not.toContain('agent@example.com');
  });

  it('audits the submissions and the decisions', async () => {
    await t.app.services.audit.drain();
    const audit = await rows(
      `SELECT action, outcome FROM audit_log WHERE target_id = $1 AND action IN
         ('certification.submit', 'certification.return', 'certification.approve') ORDER BY seq`,
      [certificationId],
    );
    expect(audit.filter((row) => row.outcome === 'success').map((row) => row.action)).toEqual([
      'certification.submit',
      'certification.return',
      'certification.submit',
      'certification.approve',
    ]);
  });
});

describe('access to the queue', () => {
  it('is for the Data Bureau only', async () => {
    for (const role of ['data_bureau_reviewer', 'data_bureau_admin'] as const) {
      expect((await (await as(role)).get('/api/reviews/certifications')).statusCode).toBe(200);
    }
    for (const role of [
      'operator_staff',
      'operator_admin',
      'drc_officer',
      'finance_officer',
    ] as const) {
      const response = await (await as(role)).get('/api/reviews/certifications');
      expect(response.statusCode).toBe(403);
      expect(problemOf(response).code).toBe('FORBIDDEN');
    }
    const agent = await registerAgent(t.app);
    expect((await agent.client.get('/api/reviews/certifications')).statusCode).toBe(403);
    expect((await (await as('operator_staff')).get('/api/certification')).statusCode).toBe(403);
  });

  it('says not found for an unknown certification', async () => {
    const reviewer = await as('data_bureau_reviewer');
    const detail = await reviewer.get('/api/reviews/certifications/nope');
    expect(detail.statusCode).toBe(404);
    expect(problemOf(detail).code).toBe('CERTIFICATION_NOT_FOUND');
    const approve = await reviewer.post('/api/reviews/certifications/nope/approve', { roundNo: 1 });
    expect(problemOf(approve).code).toBe('CERTIFICATION_NOT_FOUND');
  });
});

describe('two enterprises claiming one credit code', () => {
  it('certifies the first approved and refuses the second, changing nothing', async () => {
    const creditCode = creditCodeFor(901);
    const first = await registerAgent(t.app);
    const second = await registerAgent(t.app);
    const a = await first.client.post(
      '/api/certification',
      await submissionFor(first, { creditCode }),
    );
    const b = await second.client.post(
      '/api/certification',
      await submissionFor(second, { creditCode, agentIdNumber: VALID_IDS[2]! }),
    );
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    const reviewer = await as('data_bureau_admin');
    const firstId = a.json().certification.id;
    const secondId = b.json().certification.id;
    expect(
      (await reviewer.post(`/api/reviews/certifications/${firstId}/approve`, { roundNo: 1 }))
        .statusCode,
    ).toBe(200);
    const refused = await reviewer.post(`/api/reviews/certifications/${secondId}/approve`, {
      roundNo: 1,
    });
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused).code).toBe('CREDIT_CODE_TAKEN');
    const detail = await reviewer.get(`/api/reviews/certifications/${secondId}`);
    expect(detail.json().certification).toMatchObject({
      status: 'submitted',
      organisation: { creditCode: null, certifiedAt: null },
    });
    expect(detail.json().certification.rounds[0].decision).toBeNull();
    // A later submission with that code is refused at once.
    const returned = await reviewer.post(`/api/reviews/certifications/${secondId}/return`, {
      roundNo: 1,
      reason: '该信用代码已由其他企业认证',
    });
    expect(returned.statusCode).toBe(200);
    const again = await second.client.post(
      '/api/certification',
      await submissionFor(second, { creditCode }),
    );
    expect(problemOf(again).code).toBe('CREDIT_CODE_TAKEN');
  });
});

describe('with a real-name service', () => {
  let service: FakeService;
  let live: TestApp;

  beforeAll(async () => {
    service = await startFakeService();
    live = await createTestApp({ env: { REAL_NAME_URL: service.url, REAL_NAME_KEY: 'rn-key' } });
  });
  afterAll(async () => {
    await live.close();
    await service.close();
  });

  it('stores the service’s answer and shows a mismatch to the reviewer', async () => {
    service.respond({ json: { match: false } });
    const agent = await registerAgent(live.app);
    const submission = await submissionFor(agent, { creditCode: creditCodeFor(902) });
    const response = await agent.client.post('/api/certification', submission);
    expect(response.statusCode).toBe(201);
    expect(service.received.at(-1)?.body).toEqual({
      name: submission.agentName,
      idNumber: submission.agentIdNumber,
    });

    const user = await createTestUser(live.app, 'data_bureau_reviewer');
    const reviewer = new TestClient(live.app);
    await reviewer.signIn(user.username);
    const queue = await reviewer.get('/api/reviews/certifications?status=submitted');
    expect(queue.json().items[0]).toMatchObject({
      realNameOk: false,
      onList: false,
      nameMatches: null,
    });
    const detail = await reviewer.get(`/api/reviews/certifications/${queue.json().items[0].id}`);
    expect(detail.json().certification.rounds[0].realNameCheck).toMatchObject({
      provider: 'http',
      ok: false,
      nameChecked: true,
      reason: 'NAME_MISMATCH',
      message: '姓名与身份证号码不一致',
    });
  });

  it('still refuses an ID number that fails the local check, without asking the service', async () => {
    const agent = await registerAgent(live.app);
    const before = service.received.length;
    const response = await agent.client.post(
      '/api/certification',
      await submissionFor(agent, {
        creditCode: creditCodeFor(903),
        agentIdNumber: '440306199001012136',
      }),
    );
    expect(response.statusCode).toBe(422);
    expect(problemOf(response)).toMatchObject({
      code: 'REAL_NAME_CHECK_FAILED',
      reason: 'CHECK_DIGIT',
    });
    expect(service.received.length).toBe(before);
  });
});
