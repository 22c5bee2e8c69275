/**
 * Before a claim: whether a credit code is on a published list (asked before certifying), and
 * the offers an enterprise sees — none until certified, none off the list, else its entry with
 * the tier amount.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { type ClaimWorld, claimTestApp, YEARS } from './support.js';

let t: TestApp;
let world: ClaimWorld;

beforeAll(async () => {
  ({ t, world } = await claimTestApp());
});
afterAll(() => t.close());

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
