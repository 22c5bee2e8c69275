/** `ledger verify`: the ledger's invariants, checked offline (see modules/ledger/ledger.verify.ts). */
import { loadConfig } from '../config.js';
import { verifyLedger } from '../modules/ledger/ledger.verify.js';
import {
  type Command,
  commandGroup,
  describeDatabase,
  parseCommandArgs,
  withDatabase,
} from './context.js';

const verify: Command = {
  name: 'ledger verify',
  summary: 'check conservation, no negative balance, every tranche against its transfers',
  help: `Usage: npm run cli -- ledger verify

Checks, in the database:
  - every tranche: balance = granted − deducted + restored − voided, and its used and
    voided amounts agree with the transfers that moved them;
  - every plan: budget balance = funded − granted, never below zero;
  - every voucher: its tranches add up to its amount;
  - every deduction: its allocations, transfers and reversals agree;
  - conservation: the balances of all accounts, computed from transfers, sum to zero.

Exit status: 0 when every check holds, 1 otherwise (each violation is listed).
On the embedded database the server must be stopped; on PostgreSQL it runs live.`,
  async run(args) {
    if (!parseCommandArgs(this, args, {})) return 0;
    const config = loadConfig();
    const report = await withDatabase(config, { setUp: false }, (database) =>
      // Aggregates over the whole ledger: plan them on current statistics.
      database.raw.query('ANALYZE').then(() => verifyLedger(database.raw)),
    );
    if (report.ok) {
      console.log(
        `ledger OK: ${report.transfers} transfers, ${report.tranches} tranches (${describeDatabase(config)})`,
      );
      return 0;
    }
    console.error(`ledger BROKEN: ${report.violations.length} violation(s)`);
    for (const v of report.violations) console.error(`  [${v.check}] ${v.subject}: ${v.detail}`);
    return 1;
  },
};

export const ledgerCommand = commandGroup('ledger', 'voucher ledger: verify its invariants', [
  verify,
]);
