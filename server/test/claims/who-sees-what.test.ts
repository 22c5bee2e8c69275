/**
 * Who sees a claim: another enterprise neither sees nor resubmits it, the review queue is the
 * Data Bureau's, and the Data Bureau is told of a new claim with a link to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, signedInAs } from '../helpers/accounts.js';
import type { TestApp } from '../helpers/app.js';
import { type ClaimWorld, claimTestApp, codeOf, refused } from './support.js';

let t: TestApp;
let world: ClaimWorld;

beforeAll(async () => {
  ({ t, world } = await claimTestApp());
});
afterAll(() => t.close());

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
      world,
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
