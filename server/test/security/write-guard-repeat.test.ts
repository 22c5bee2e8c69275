/**
 * The write guard (D-audit-tx-4) remembers, per statement text, which tables it writes
 * (D-http-speed-2). Its verdict must not change with repetition: the same autocommit write is
 * refused every time it is sent inside an audit scope, an exempt or read-only text passes
 * every time, and outside a scope nothing is checked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type CommitScope, runInCommitScope } from '../../src/db/commit-scope.js';
import {
  AutocommitWriteError,
  guardAutocommit,
  observeAutocommitWrites,
  setWriteGuardMode,
  type WriteGuardReport,
} from '../../src/db/write-guard.js';

const scope: CommitScope = {
  beforeCommit: async () => {},
  committed() {},
  rolledBack() {},
};

afterEach(() => setWriteGuardMode(undefined));

describe('the write guard, statement texts seen again', () => {
  it('refuses the same autocommit write every time, naming the table', () => {
    setWriteGuardMode('throw');
    // A text of its own, so no other test has taught the guard about it.
    const text = `UPDATE vouchers SET note = $1 WHERE id = $2 /* ${Math.random()} */`;
    for (let i = 0; i < 5; i++) {
      const refused = runInCommitScope(scope, () => guardAutocommit(text));
      expect(refused, `call ${i + 1}`).toBeInstanceOf(AutocommitWriteError);
      expect(refused?.tables).toEqual(['vouchers']);
    }
  });

  it('tells every observer every time, in any mode', () => {
    setWriteGuardMode('off');
    const seen: WriteGuardReport[] = [];
    const stop = observeAutocommitWrites((report) => seen.push(report));
    const text = `DELETE FROM deductions WHERE id = $1 /* ${Math.random()} */`;
    for (let i = 0; i < 3; i++) runInCommitScope(scope, () => guardAutocommit(text));
    stop();
    expect(seen.map((report) => report.tables)).toEqual([
      ['deductions'],
      ['deductions'],
      ['deductions'],
    ]);
  });

  it('lets exempt and read-only texts through every time, and checks nothing outside a scope', () => {
    setWriteGuardMode('throw');
    const texts = [
      `INSERT INTO audit_log (id) VALUES ($1) /* ${Math.random()} */`,
      `SELECT yq_deduct($1) AS r /* ${Math.random()} */`,
      `SELECT id FROM vouchers WHERE id = $1 FOR UPDATE /* ${Math.random()} */`,
    ];
    for (let i = 0; i < 3; i++) {
      for (const text of texts) {
        expect(runInCommitScope(scope, () => guardAutocommit(text))).toBeUndefined();
      }
    }
    const write = `INSERT INTO ledger_transfers (id) VALUES ($1) /* ${Math.random()} */`;
    expect(guardAutocommit(write)).toBeUndefined();
    expect(runInCommitScope(scope, () => guardAutocommit(write))).toBeInstanceOf(
      AutocommitWriteError,
    );
    expect(guardAutocommit(write)).toBeUndefined();
  });
});
