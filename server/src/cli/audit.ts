/** `audit verify`: checks the audit trail's hash chain from the first row to the last. */
import { loadConfig } from '../config.js';
import { AuditService, type AuditVerifyResult } from '../modules/audit/audit.service.js';
import {
  type Command,
  commandGroup,
  describeDatabase,
  parseCommandArgs,
  withDatabase,
} from './context.js';

const REASONS: Record<Exclude<AuditVerifyResult, { ok: true }>['reason'], string> = {
  HASH_MISMATCH: 'its content no longer matches its hash (the row was altered)',
  PREV_HASH_MISMATCH: 'it does not link to the row before it (that row was altered or replaced)',
  SEQ_GAP: 'rows before it are missing (deleted)',
};

const verify: Command = {
  name: 'audit verify',
  summary: 'check the audit trail hash chain; names the first broken row',
  help: `Usage: npm run cli -- audit verify

Recomputes every audit row's SHA-256 over the previous row's hash and the row's content, in
sequence order, and stops at the first row that does not fit.

Exit status: 0 when the chain is intact ("audit chain OK: N rows"), 1 when it is broken.

A chain cannot show that its newest rows were cut off, so the command also prints the head
hash: keep it with the row count somewhere else. As long as the row with that seq still
carries that hash (the audit search shows it), nothing before it was cut off or rewritten.
On the embedded database the server must be stopped; on PostgreSQL it runs live.`,
  async run(args) {
    if (!parseCommandArgs(this, args, {})) return 0;
    const config = loadConfig();
    const result = await withDatabase(config, { setUp: false }, (database) =>
      new AuditService(database).verify(),
    );
    if (result.ok) {
      console.log(`audit chain OK: ${result.rows} rows (${describeDatabase(config)})`);
      console.log(`head hash: ${result.headHash}`);
      return 0;
    }
    const { row } = result;
    const gap = result.reason === 'SEQ_GAP' ? ` (expected seq ${result.expectedSeq} next)` : '';
    console.error(
      [
        `audit chain BROKEN at seq ${result.firstBrokenSeq}: ${result.reason}${gap}`,
        `  id:     ${row.id}`,
        `  time:   ${row.occurredAt.toISOString()}`,
        `  action: ${row.action}`,
        `  why:    ${REASONS[result.reason]}`,
        `${result.rows} rows before it are intact.`,
      ].join('\n'),
    );
    return 1;
  },
};

export const auditCommand = commandGroup('audit', 'audit trail: verify the hash chain', [verify]);
