/**
 * Certification submissions through the real app: the refusals of a bad submission (each with
 * its code, storing nothing), what the enterprise sees before and after it submits, one credit
 * code claimed by two enterprises, and a real-name service answering beside the local check.
 * The review round trip is certification-review.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, problemOf, TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createEnterprise, creditCodeFor } from '../helpers/fixtures.js';
import { type FakeService, startFakeService } from '../registration/fake-service.js';
import { certificationTestApp, mask } from './harness.js';
import {
  type Agent,
  registerAgent,
  SAMPLE_PDF,
  type Submission,
  submissionFor,
  upload,
  VALID_IDS,
} from './support.js';

const t = certificationTestApp();
const { as, rows } = t;

let codeSeq = 700;
const nextCode = () => {
  codeSeq += 1;
  return codeSeq;
};

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
