/** The platform's checks on a claim as a pure rule list: order, boundaries, what blocks. */
import { describe, expect, it } from 'vitest';
import {
  assessClaim,
  type ClaimFacts,
  firstRefusal,
} from '../../src/modules/claims/claims.checks.js';

const opens = new Date('2025-12-31T16:00:00Z'); // 2026-01-01 00:00 Beijing
const closes = new Date('2026-12-31T16:00:00Z'); // 2027-01-01 00:00 Beijing, exclusive

function facts(change: (f: ClaimFacts) => void = () => {}): ClaimFacts {
  const base: ClaimFacts = {
    organisation: {
      name: '海安测试有限公司',
      creditCode: '91320621000000001X',
      certifiedAt: new Date('2026-02-01T00:00:00Z'),
    },
    entry: {
      id: 'e1',
      listYear: 2026,
      star: 4,
      enterpriseName: '海安测试有限公司',
      creditCode: '91320621000000001X',
      batchNo: 1,
      batchStatus: 'published',
      publishedAt: new Date('2026-02-01T00:00:00Z'),
      plan: {
        id: 'p1',
        status: 'approved',
        claimOpensAt: opens,
        claimClosesAt: closes,
        budgetBalance: 10_000_000,
      },
      voucherBatchStatus: 'issued',
    },
    claimedAt: new Date('2026-03-02T02:00:00Z'),
    amount: 2_000_000,
    otherClaimId: null,
    grantedVoucherId: null,
    contract: { sha256: 'a'.repeat(64) },
    contractUsedBy: null,
  };
  change(base);
  return base;
}

const refusal = (f: ClaimFacts, mode: 'submit' | 'review' = 'submit') =>
  firstRefusal(assessClaim(f, { timeZone: 'Asia/Shanghai', mode }))?.code ?? null;

describe('claim checks', () => {
  it('pass when everything holds', () => {
    const checks = assessClaim(facts(), { timeZone: 'Asia/Shanghai', mode: 'submit' });
    expect(checks.ok).toBe(true);
    expect(checks.items.every((item) => item.code === null)).toBe(true);
  });

  type Change = (f: ClaimFacts, entry: NonNullable<ClaimFacts['entry']>) => void;
  const cases: Array<[string, Change]> = [
    [
      'NOT_CERTIFIED',
      (f) => {
        f.organisation.certifiedAt = null;
      },
    ],
    [
      'ENTRY_NOT_FOUND',
      (f) => {
        f.entry = null;
      },
    ],
    [
      'ENTRY_NOT_FOUND',
      (_, entry) => {
        entry.creditCode = '91320621000000002X';
      },
    ],
    [
      'ENTRY_NOT_PUBLISHED',
      (_, entry) => {
        entry.batchStatus = 'draft';
      },
    ],
    [
      'OFFER_NOT_ISSUED',
      (_, entry) => {
        entry.voucherBatchStatus = 'configured';
      },
    ],
    [
      'OFFER_NOT_ISSUED',
      (_, entry) => {
        entry.voucherBatchStatus = null;
      },
    ],
    [
      'CLAIM_WINDOW_NOT_OPEN',
      (f) => {
        f.claimedAt = new Date(opens.getTime() - 1);
      },
    ],
    [
      'CLAIM_WINDOW_CLOSED',
      (f) => {
        f.claimedAt = closes;
      },
    ],
    [
      'CLAIM_EXISTS',
      (f) => {
        f.otherClaimId = 'c0';
      },
    ],
    [
      'VOUCHER_ALREADY_GRANTED',
      (f) => {
        f.grantedVoucherId = 'v0';
      },
    ],
    [
      'FILE_NOT_FOUND',
      (f) => {
        f.contract = 'missing';
      },
    ],
    [
      'CONTRACT_ALREADY_USED',
      (f) => {
        f.contractUsedBy = 'c0';
      },
    ],
  ];
  it.each(cases)('refuses with %s', (code, change) => {
    const changed = facts((f) => {
      if (f.entry) change(f, f.entry);
    });
    expect(refusal(changed)).toBe(code);
  });

  it('refuses with the first rule broken, in the documented order', () => {
    const all = facts((f) => {
      f.organisation.certifiedAt = null;
      f.otherClaimId = 'c0';
      f.contractUsedBy = 'c0';
    });
    expect(refusal(all)).toBe('NOT_CERTIFIED');
    const late = facts((f) => {
      f.claimedAt = closes;
      f.otherClaimId = 'c0';
    });
    expect(refusal(late)).toBe('CLAIM_WINDOW_CLOSED');
    const unpublished = facts((f) => {
      if (f.entry) f.entry.batchStatus = 'draft';
      f.claimedAt = closes;
    });
    expect(refusal(unpublished)).toBe('ENTRY_NOT_PUBLISHED');
  });

  it('opens at its first instant and closes at its end, exclusive; dates in Beijing', () => {
    expect(refusal(facts((f) => (f.claimedAt = opens)))).toBeNull();
    expect(refusal(facts((f) => (f.claimedAt = new Date(closes.getTime() - 1))))).toBeNull();
    const item = assessClaim(
      facts((f) => (f.claimedAt = closes)),
      {
        timeZone: 'Asia/Shanghai',
        mode: 'submit',
      },
    ).items.find((i) => i.key === 'window');
    expect(item?.message).toBe('认领期 2026-01-01 至 2026-12-31，已截止');
  });

  it('a name that differs from the list, or a short budget, informs but does not block', () => {
    const checks = assessClaim(
      facts((f) => {
        f.organisation.name = '海安测试科技有限公司';
        if (f.entry?.plan) f.entry.plan.budgetBalance = 500_000;
      }),
      { timeZone: 'Asia/Shanghai', mode: 'review' },
    );
    expect(checks.ok).toBe(false);
    expect(firstRefusal(checks)).toBeNull();
    const byKey = Object.fromEntries(checks.items.map((i) => [i.key, i]));
    expect(byKey.name_matches).toMatchObject({ ok: false, blocking: false });
    expect(byKey.name_matches?.message).toContain('海安测试科技有限公司');
    expect(byKey.budget?.message).toBe(
      '发放计划预算不足：需要 ¥20,000.00，剩余 ¥5,000.00，缺口 ¥15,000.00',
    );
  });

  it('a review judges the window by when the claim was made, and skips the duplicate rule', () => {
    const checks = assessClaim(
      facts((f) => {
        f.otherClaimId = 'ignored';
      }),
      { timeZone: 'Asia/Shanghai', mode: 'review' },
    );
    expect(checks.items.map((i) => i.key)).not.toContain('no_other_claim');
    expect(checks.items.find((i) => i.key === 'window')?.message).toBe(
      '于认领期（2026-01-01 至 2026-12-31）内提交',
    );
  });
});
