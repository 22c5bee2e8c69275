/**
 * Bad and awkward rows planted in a loaded bench year (bench/redemption.ts `--plant`), so that a
 * comparison of two builds (`--compare-with`) covers more than the clean synthetic year: the
 * cross-checks firing, texts that need escaping, and deductions the detail cannot label by
 * time (two tranches, a voucher switching or alternating between its tranches, no
 * allocations). Direct writes on a bench database only; the ledger's transfers are untouched.
 */
import type pg from 'pg';

const uuid = (prefix: string, n: number) => `md5('${prefix}' || ${n})::uuid::text`;
const deduction = (d: number) => `'00000000-0000-4000-b000-' || lpad(to_hex(${d}), 12, '0')`;

export async function plantRows(client: pg.Client, vouchers: number): Promise<string[]> {
  const planted: string[] = [];
  const step = async (what: string, sql: string) => {
    const result = await client.query(sql);
    const rows = Array.isArray(result) ? result.at(-1)?.rowCount : result.rowCount;
    planted.push(`${what}: ${rows ?? 0} rows`);
  };
  // Deduction d belongs to voucher ((d - 1) % vouchers) + 1.
  const ofVoucher = (i: number, k: number) => i + k * vouchers;
  await step(
    'ineligible categories (three deductions, one a formula start with markup)',
    `UPDATE deductions SET category = CASE WHEN id = ${deduction(ofVoucher(5, 2))}
                                           THEN '=cmd|"<&>"' ELSE 'gaming' END
      WHERE id IN (${deduction(ofVoucher(5, 0))}, ${deduction(ofVoucher(6, 1))},
                   ${deduction(ofVoucher(5, 2))})`,
  );
  await step(
    'tranche windows that exclude their deductions (two vouchers)',
    `UPDATE voucher_tranches SET active_from = timestamptz '2026-07-01 00:00+08'
      WHERE id IN (${uuid('t1-', 11)}, ${uuid('t1-', 12)})`,
  );
  await step(
    'enterprise names starting with = and @, holding <, &, "',
    `UPDATE organisations SET name = CASE WHEN id = ${uuid('e-', 13)}
                                          THEN '=HYPERLINK("http://x")<&>"' ELSE '@海安<测试>&"企业"' END
      WHERE id IN (${uuid('e-', 13)}, ${uuid('e-', 14)});
     UPDATE vouchers SET enterprise_name = o.name FROM organisations o
      WHERE o.id = vouchers.enterprise_id AND o.id IN (${uuid('e-', 13)}, ${uuid('e-', 14)})`,
  );
  await step(
    'deductions drawn on two tranches (two)',
    `INSERT INTO deduction_allocations (deduction_id, tranche_id, amount, reversed)
     VALUES (${deduction(ofVoucher(15, 1))}, ${uuid('t2-', 15)}, 1, 0),
            (${deduction(ofVoucher(16, 3))}, ${uuid('t2-', 16)}, 1, 0)`,
  );
  await step(
    'a voucher switching to its second tranche mid-year',
    `UPDATE deduction_allocations a SET tranche_id = ${uuid('t2-', 17)}
       FROM deductions d
      WHERE d.id = a.deduction_id AND a.tranche_id = ${uuid('t1-', 17)}
        AND d.created_at >= timestamptz '2026-07-01 00:00+08'`,
  );
  await step(
    'a voucher alternating between its tranches',
    `UPDATE deduction_allocations a SET tranche_id = ${uuid('t2-', 18)}
       FROM (SELECT d.id, row_number() OVER (ORDER BY d.created_at, d.id) AS k
               FROM deductions d JOIN deduction_allocations x ON x.deduction_id = d.id
              WHERE x.tranche_id = ${uuid('t1-', 18)}) d
      WHERE d.id = a.deduction_id AND d.k % 2 = 0`,
  );
  await step(
    // One enterprise's: deductions of two enterprises without allocations would make the
    // detail look every row up (no ranges at all), and the ranges would go untested.
    'deductions without allocations (two, one enterprise)',
    `DELETE FROM deduction_allocations
      WHERE deduction_id IN (${deduction(ofVoucher(19, 0))}, ${deduction(ofVoucher(19, 4))})`,
  );
  await step(
    'a deduction reversed beyond its amount',
    `UPDATE reversals r SET amount = r.amount + d.deducted, restored = r.restored + d.deducted
       FROM deductions d
      WHERE d.id = r.deduction_id
        AND r.id = (SELECT id FROM reversals ORDER BY created_at LIMIT 1 OFFSET 3)`,
  );
  return planted;
}
