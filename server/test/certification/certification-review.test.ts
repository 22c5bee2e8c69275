/**
 * The certification review round trip through the real app: the first round submitted, masked
 * in what the enterprise sees; the Data Bureau's queue with the list comparison and the
 * real-name result; the documents (reviewers and the enterprise only); the audited reveal;
 * return with a reason, a corrected resubmission kept beside round 1, approval of the latest
 * round; encryption at rest, the audit trail, and who may use the queue. Submissions and their
 * refusals are certification-submission.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { problemOf, TestClient } from '../helpers/accounts.js';
import { creditCodeFor } from '../helpers/fixtures.js';
import { certificationTestApp, expectNoPersonalData, mask } from './harness.js';
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

const t = certificationTestApp();
const { as, rows } = t;

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
      username: 'colleague-1',
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
        WHERE action = 'certification.reveal' AND target_id = $1 ORDER BY entry_no`,
      [certificationId],
    );
    const reviewerId = t.userOf('data_bureau_reviewer').id;
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
      reviewedBy: { id: t.userOf('data_bureau_reviewer').id },
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
    // The contact phone is shown masked and left empty, as the form sends it: kept too.
    const response = await agent.client.post('/api/certification', {
      ...rest,
      contactPhone: '',
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
    expect(certification.rounds[0].contactPhone).toBe(certification.rounds[1].contactPhone);
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
         ('certification.submit', 'certification.return', 'certification.approve') ORDER BY entry_no`,
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
