/**
 * The policy form's dry run (POST /api/policies/preview) and publishing's refusals: every
 * problem named by its field in Chinese, a version already published refused before it is
 * sent, nothing written by a preview, and the plans whose later grants a new version governs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAIAN_2024_POLICY } from '../../src/domain/policy.js';
import { policyProblems } from '../../src/modules/policies/policies.service.js';
import { problemOf, signedInAs, type TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let bureau: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.services.policies.ensureDefault();
  bureau = (await signedInAs(t.app, 'data_bureau_admin')).client;
});
afterAll(() => t.close());

const draft = (changes: Record<string, unknown> = {}) => ({
  ...HAIAN_2024_POLICY,
  version: '2026.1',
  ...changes,
});

describe('policyProblems', () => {
  it('names each field of the document and says what is allowed, in Chinese', () => {
    const problems = policyProblems(
      draft({
        coverageCapBasisPoints: 12_000,
        monthlyReportDueDay: 0,
        tranches: [
          { shareBasisPoints: 6_000, activeFromMonths: 0, validForMonths: 12 },
          { shareBasisPoints: 3_000, activeFromMonths: 6, validForMonths: 12 },
        ],
        colour: 'red',
      }),
    );
    const byField = Object.fromEntries(problems.map((p) => [p.field, p]));
    expect(byField['document.coverageCapBasisPoints']).toMatchObject({
      rule: 'too_big',
      message: '不能大于 10000',
      limits: { maximum: 10_000 },
    });
    expect(byField['document.monthlyReportDueDay']?.message).toBe('不能小于 1');
    expect(byField['document.tranches']?.message).toBe(
      '各批次比例之和须为 100%（10000 个基点），现为 90%',
    );
    expect(byField['document.tranches.1.activeFromMonths']?.message).toBe(
      '每一批须在上一批到期后才开始生效',
    );
    expect(byField['document.colour']?.rule).toBe('unrecognized_keys');
    for (const problem of problems) expect(problem.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('says a missing field is required and a wrong type what it must be', () => {
    const { title: _title, ...untitled } = draft();
    const problems = policyProblems({ ...untitled, monthlyReportDueDay: '10' });
    expect(problems).toContainEqual(
      expect.objectContaining({ field: 'document.title', message: '必填' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ field: 'document.monthlyReportDueDay', message: '须为数字' }),
    );
  });
});

describe('POST /api/policies/preview', () => {
  it('a valid draft: no errors, the version in force, nothing published', async () => {
    const response = await bureau.post('/api/policies/preview', {
      document: draft({ tierAmounts: { 3: 1_000_000, 4: 3_000_000, 5: 5_000_000 } }),
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.valid).toBe(true);
    expect(body.errors).toEqual([]);
    expect(body.inForce.version).toBe('2024.1');
    const history = (await bureau.get('/api/policies')).json();
    expect(history.items.map((p: { version: string }) => p.version)).toEqual(['2024.1']);
  });

  it('a version already published is refused by name, in the preview and on publishing', async () => {
    const preview = (
      await bureau.post('/api/policies/preview', { document: draft({ version: '2024.1' }) })
    ).json();
    expect(preview.valid).toBe(false);
    expect(preview.errors).toEqual([
      expect.objectContaining({
        field: 'document.version',
        message: '版本号 2024.1 已发布过，请另取一个版本号',
        limits: { reason: 'policy-version-taken' },
      }),
    ]);
    const publish = await bureau.post('/api/policies', { document: draft({ version: '2024.1' }) });
    expect(publish.statusCode).toBe(422);
    const problem = problemOf(publish);
    expect(problem.code).toBe('POLICY_INVALID');
    expect(problem.errors?.[0]?.field).toBe('document.version');
  });

  it('publishing an invalid document says in Chinese which fields, never a zod dump', async () => {
    const response = await bureau.post('/api/policies', {
      document: draft({ coverageCapBasisPoints: 0 }),
    });
    expect(response.statusCode).toBe(422);
    const problem = problemOf(response);
    expect(problem.detail).toBe('document.coverageCapBasisPoints：不能小于 1');
    expect(problem.detail).not.toContain('✖');
    expect(problem.errors).toEqual([
      expect.objectContaining({ field: 'document.coverageCapBasisPoints', rule: 'too_small' }),
    ]);
  });

  it('lists the plans whose claim window is still open, with the version they were made under', async () => {
    const plan = await bureau.post('/api/plans', {
      listYear: 2026,
      title: '2026年度“海安云”资源券发放计划',
      totalBudget: 100_000_000,
      claimOpensAt: '2026-03-01T00:00:00+08:00',
      claimClosesAt: '2027-01-01T00:00:00+08:00',
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const body = (await bureau.post('/api/policies/preview', { document: draft() })).json();
    expect(body.openPlans).toEqual([
      expect.objectContaining({ listYear: 2026, status: 'draft', policyVersion: '2024.1' }),
    ]);
  });

  it('is for those who may publish only, and a body that is not a document is a 400', async () => {
    const { client: reviewer } = await signedInAs(t.app, 'data_bureau_reviewer');
    expect((await reviewer.post('/api/policies/preview', { document: draft() })).statusCode).toBe(
      403,
    );
    const bad = await bureau.post('/api/policies/preview', { document: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).code).toBe('VALIDATION_FAILED');
  });
});
