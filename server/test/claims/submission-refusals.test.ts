/**
 * Submitting a claim: every refusal with its stable code, a Chinese message, and nothing
 * changed — not certified, not on the list, list not published, batch not issued, outside the
 * window, a claim or voucher already there, a contract already used, a file not one's own,
 * a malformed body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { type ClaimWorld, claimTestApp, pdf, refused, YEARS } from './support.js';

let t: TestApp;
let world: ClaimWorld;

beforeAll(async () => {
  ({ t, world } = await claimTestApp());
});
afterAll(() => t.close());

describe('submission refusals: a stable code, a Chinese message, nothing changed', () => {
  it('NOT_CERTIFIED: an enterprise that has not been certified', async () => {
    const listed = await world.listedEnterprise();
    const contractFileId = await world.upload(listed.client);
    await t.app.services.database.raw.query(
      'UPDATE organisations SET certified_at = NULL WHERE id = $1',
      [listed.organisationId],
    );
    await refused(
      world,
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
      world,
      () => outsider.client.post('/api/claims', { entryId: other.entryId, contractFileId }),
      404,
      'ENTRY_NOT_FOUND',
    );
    await refused(
      world,
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
      world,
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
      world,
      () => listed.client.post('/api/claims', { entryId: listed.entryId, contractFileId }),
      409,
      'OFFER_NOT_ISSUED',
    );
  });

  it('CLAIM_WINDOW_CLOSED and CLAIM_WINDOW_NOT_OPEN: outside the claim window', async () => {
    const late = await world.listedEnterprise(4, YEARS.closed);
    const lateFile = await world.upload(late.client);
    const closed = await refused(
      world,
      () => late.client.post('/api/claims', { entryId: late.entryId, contractFileId: lateFile }),
      409,
      'CLAIM_WINDOW_CLOSED',
    );
    expect(closed.json().detail).toContain('2025-12-31');
    const early = await world.listedEnterprise(4, YEARS.notOpen);
    const earlyFile = await world.upload(early.client);
    await refused(
      world,
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
      world,
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
      world,
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
      world,
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
      world,
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
      world,
      () =>
        listed.client.post('/api/claims', { entryId: listed.entryId, contractFileId: licence.id }),
      404,
      'FILE_NOT_FOUND',
    );
  });

  it('VALIDATION_FAILED: a malformed body names the field', async () => {
    const listed = await world.listedEnterprise();
    const response = await refused(
      world,
      () => listed.client.post('/api/claims', { entryId: listed.entryId }),
      400,
      'VALIDATION_FAILED',
    );
    expect(response.json().errors[0].field).toContain('contractFileId');
  });
});
