import type { RawSql } from '../../db/client.js';
import { account } from './transfers.js';

/**
 * What the operator has been paid for a settlement year's write-offs: the transfers into
 * `paid:<year>` (kind `pay`, written by Finance's payment). Zero until a payment is recorded.
 */
export async function paidToOperator(sql: RawSql, settlementYear: number): Promise<number> {
  const [row] = await sql.query<{ paid: string | null }>(
    `SELECT sum(amount) AS paid FROM ledger_transfers WHERE kind = 'pay' AND destination = $1`,
    [account.paid(settlementYear)],
  );
  return Number(row?.paid ?? 0);
}
