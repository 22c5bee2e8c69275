/**
 * `audit verify`: checks the audit trail's hash chain from the first seal to the last and
 * reports the rows not sealed yet. `audit seal`: seals them now (the scheduler does it every
 * couple of seconds while the server runs).
 */
import { loadConfig } from '../config.js';
import { AuditSealer } from '../modules/audit/audit.sealer.js';
import {
  type AuditBreak,
  AuditService,
  type UnsealedRows,
} from '../modules/audit/audit.service.js';
import {
  type Command,
  clockFor,
  commandGroup,
  describeDatabase,
  parseCommandArgs,
  withDatabase,
} from './context.js';

const REASONS: Record<AuditBreak, string> = {
  HASH_MISMATCH: 'its content no longer matches its hash (the row was altered)',
  PREV_HASH_MISMATCH: 'it does not link to the seal before it (that seal was altered or replaced)',
  SEQ_GAP: 'seals before it are missing (deleted)',
  ROW_MISSING: 'the sealed audit row is gone (deleted)',
};

function describeUnsealed(unsealed: UnsealedRows): string {
  if (unsealed.count === 0) return 'unsealed rows: 0';
  return (
    `unsealed rows: ${unsealed.count} (oldest ${unsealed.oldestAt?.toISOString()}; ` +
    'the running server seals them within seconds, or run `audit seal`)'
  );
}

const verify: Command = {
  name: 'audit verify',
  summary: 'check the audit trail hash chain; names the first broken row, counts unsealed rows',
  help: `Usage: npm run cli -- audit verify

Every audit row is written in the same transaction as the change it records, unsealed; the
sealer then gives it its place in the chain (seq, previous hash, hash) in audit_seals. This
command recomputes every sealed row's SHA-256 over the previous hash and the row's content, in
seq order, and stops at the first that does not fit; then it counts the rows not sealed yet.

Exit status: 0 when the chain is intact ("audit chain OK: N rows"), 1 when it is broken.
Unsealed rows do not fail the check: a few seconds' worth is normal on a running server; a
number that keeps growing means nothing is sealing (start the server, or run \`audit seal\`).

A chain cannot show that its newest rows were cut off, so the command also prints the head
hash: keep it with the row count somewhere else. As long as the seal with that seq still
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
      console.log(describeUnsealed(result.unsealed));
      return 0;
    }
    const { row } = result;
    const gap = result.reason === 'SEQ_GAP' ? ` (expected seq ${result.expectedSeq} next)` : '';
    console.error(
      [
        `audit chain BROKEN at seq ${result.firstBrokenSeq}: ${result.reason}${gap}`,
        `  id:     ${row.id}`,
        `  time:   ${row.occurredAt?.toISOString() ?? '-'}`,
        `  action: ${row.action ?? '-'}`,
        `  why:    ${REASONS[result.reason]}`,
        `${result.rows} rows before it are intact.`,
        describeUnsealed(result.unsealed),
      ].join('\n'),
    );
    return 1;
  },
};

const seal: Command = {
  name: 'audit seal',
  summary: 'seal the audit rows written since the last seal into the hash chain, now',
  help: `Usage: npm run cli -- audit seal

Gives every committed, unsealed audit row its place in the hash chain, in the order the rows
were written. One sealer works at a time: if a running server is sealing at this moment, the
command says so and leaves it the work. On the embedded database the server must be stopped.`,
  async run(args) {
    if (!parseCommandArgs(this, args, {})) return 0;
    const config = loadConfig();
    const run = await withDatabase(config, { setUp: false }, (database) =>
      new AuditSealer(database, clockFor(config)).sealAll(),
    );
    console.log(
      run.busy
        ? `another sealer is at work (sealed ${run.sealed} here); it seals the rest`
        : `sealed ${run.sealed} rows`,
    );
    return 0;
  },
};

export const auditCommand = commandGroup('audit', 'audit trail: verify and seal the hash chain', [
  verify,
  seal,
]);
