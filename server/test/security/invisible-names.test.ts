/**
 * Names made only of invisible characters are refused naming the field; names are stored NFC,
 * without zero-width characters (issue 10 §1.8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationFor, problemOf, signedInAs, type TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let operatorAdmin: TestClient;
let sysadmin: TestClient;
let bureauAdmin: TestClient;
const INVISIBLE = '\u200b\u200c\u200d\ufeff';

beforeAll(async () => {
  t = await createTestApp();
  operatorAdmin = (await signedInAs(t.app, 'operator_admin')).client;
  sysadmin = (await signedInAs(t.app, 'system_admin')).client;
  bureauAdmin = (await signedInAs(t.app, 'data_bureau_admin')).client;
});
afterAll(() => t.close());

function expectRefused(response: Parameters<typeof problemOf>[0], field: string) {
  expect(response.statusCode, response.body).toBe(400);
  const problem = problemOf(response);
  expect(problem.code).toBe('VALIDATION_FAILED');
  expect(problem.errors?.map((e) => e.field)).toContain(field);
}

describe('API client name', () => {
  it('refuses an invisible name and stores a normalised one', async () => {
    expectRefused(
      await operatorAdmin.post('/api/operator/api-clients', { name: INVISIBLE }),
      'body.name',
    );
    const created = await operatorAdmin.post('/api/operator/api-clients', {
      name: `\u200b海安云\u200d计费 `,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().client.name).toBe('海安云计费');
  });
});

describe('user name', () => {
  it('refuses an invisible name on create and on update', async () => {
    const organisationId = await organisationFor(t.app, 'operator_staff');
    const create = (name: string, username: string) =>
      sysadmin.post('/api/admin/users', { username, name, role: 'operator_staff', organisationId });
    expectRefused(await create(INVISIBLE, 'invisible-one'), 'body.name');
    const created = await create('Jose\u0301\u200b', 'visible-one');
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().user.name).toBe('Jos\u00e9');
    const id = created.json().user.id;
    expectRefused(await sysadmin.patch(`/api/admin/users/${id}`, { name: INVISIBLE }), 'body.name');
  });
});

describe('plan title', () => {
  it('refuses an invisible title', async () => {
    const response = await bureauAdmin.post('/api/plans', {
      listYear: 2025,
      title: INVISIBLE,
      totalBudget: 100,
      claimOpensAt: '2025-01-01T00:00:00+08:00',
      claimClosesAt: '2026-01-01T00:00:00+08:00',
    });
    expectRefused(response, 'body.title');
  });
});
