/**
 * The command line as an operator runs it: a child process (`node --import tsx …/main.ts`)
 * on a temporary DATA_DIR. Help and usage errors, audit verify on an intact and a tampered
 * chain, the data-folder lock, the user commands, and a backup → restore round trip (also into
 * PostgreSQL when DATABASE_URL is set).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrateDatabase, openDatabase } from '../../src/db/client.js';
import { auditLog, organisations, sessions, users } from '../../src/db/schema/index.js';
import { ManualClock } from '../../src/domain/clock.js';
import { AuditSealer } from '../../src/modules/audit/audit.sealer.js';
import { AuditWriter } from '../../src/modules/audit/audit.writer.js';
import { type CliRun, runCli } from '../helpers/cli.js';
import { usingPostgres } from '../helpers/database.js';

/** Tests that start the CLI several times: each start compiles the sources afresh. */
const SEVERAL_RUNS = 90_000;

/** Runs the CLI against `dataDir` (embedded) unless `env` says otherwise. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { DATA_DIR: dataDir, ...env });
}

let workDir: string;
let dataDir: string;

/** Opens the embedded database in-process, as the server would, and closes it after. */
async function withDataDir<T>(fn: (database: Database) => Promise<T>, dir = dataDir): Promise<T> {
  const database = await openDatabase({ dataDir: dir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'yunquan-cli-test-'));
  dataDir = path.join(workDir, 'data');
  await withDataDir(async (database) => {
    await migrateDatabase(database);
    const createdAt = new Date('2026-01-01T00:00:00Z');
    await database.db.insert(organisations).values([
      { id: 'platform', kind: 'platform', name: '云券平台', createdAt },
      {
        id: 'data-bureau',
        kind: 'department',
        departmentCode: 'data_bureau',
        name: '海安市数据局',
        createdAt,
      },
    ]);
    const writer = new AuditWriter(database, new ManualClock('2026-03-02T02:00:00.000Z'));
    for (let i = 1; i <= 5; i++) {
      await writer.append({ action: `seed.step-${i}`, outcome: 'success', detail: { i } });
    }
    // Sealed here as the running server's sealer would; one more row stays unsealed.
    await new AuditSealer(database, new ManualClock('2026-03-02T02:00:01.000Z')).sealAll();
    await writer.append({ action: 'seed.unsealed', outcome: 'success' });
  });
});

afterAll(async () => {
  await fs.rm(workDir, { recursive: true, force: true });
});

describe('help and usage', () => {
  it('prints the commands with --help and exits 0', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['users', 'audit', 'backup', 'restore']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });

  it.each([
    [['users', '--help'], /create .*reset-password.*disable.*enable.*list/s],
    [['users', 'create', '--help'], /--organisation <id>/],
    [['restore', '--help'], /must be empty or absent/],
  ])('prints help for %j', async (args, expected) => {
    const run = await cli(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(expected);
  });

  it.each([
    [[], /Usage: npm run cli/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['backup', '--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 on the command line %j', async (args, expected) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(expected);
  });
});

describe('audit verify', () => {
  it('reports an intact chain', async () => {
    const run = await cli(['audit', 'verify']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^audit chain OK: 5 rows .*\nhead hash: [0-9a-f]{64}\nunsealed rows: 1 \(oldest 2026-03-02T02:00:00.000Z; .*\n$/,
    );
  });

  it(
    'seals the unsealed rows on demand, then reports none',
    async () => {
      const dir = path.join(workDir, 'sealed');
      await fs.cp(dataDir, dir, { recursive: true });
      const seal = await cli(['audit', 'seal'], { DATA_DIR: dir });
      expect(seal.stderr).toBe('');
      expect(seal.stdout).toBe('sealed 1 rows\n');
      const run = await cli(['audit', 'verify'], { DATA_DIR: dir });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^audit chain OK: 6 rows .*\nunsealed rows: 0\n$/s);
    },
    SEVERAL_RUNS,
  );

  it('names the first broken row of a tampered chain and exits 1', async () => {
    const dir = path.join(workDir, 'tampered');
    await fs.cp(dataDir, dir, { recursive: true });
    const row = await withDataDir(async (database) => {
      // The log is append-only: tampering means switching its trigger off first.
      await database.raw.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      const [seal] = await database.raw.query<{ audit_id: string }>(
        'SELECT audit_id FROM audit_seals WHERE seq = 3',
      );
      await database.raw.query(`UPDATE audit_log SET detail = '{"i": 33}' WHERE id = $1`, [
        seal?.audit_id,
      ]);
      const [stored] = await database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.id, seal?.audit_id as string));
      return stored!;
    }, dir);
    const run = await cli(['audit', 'verify'], { DATA_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('audit chain BROKEN at seq 3: HASH_MISMATCH');
    expect(run.stderr).toContain(`id:     ${row.id}`);
    expect(run.stderr).toContain('time:   2026-03-02T02:00:00.000Z');
    expect(run.stderr).toContain('action: seed.step-3');
    expect(run.stderr).toContain('2 rows before it are intact.');
  });

  it('says clearly that the server holds the data folder, and what to do', async () => {
    const running = await openDatabase({ dataDir });
    try {
      const run = await cli(['audit', 'verify']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `the data folder ${dataDir} is in use by process ${process.pid}, normally the running server`,
      );
      expect(run.stderr).toContain('stop the server and run the command again');
    } finally {
      await running.close();
    }
  });

  it('refuses a folder without a database instead of creating one', async () => {
    const empty = path.join(workDir, 'nothing-here');
    const run = await cli(['audit', 'verify'], { DATA_DIR: empty });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`No database in ${empty}`);
    await expect(fs.stat(empty)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('users', () => {
  it('creates an account, printing the temporary password once, and audits it as cli', async () => {
    const run = await cli([
      'users',
      'create',
      '--username',
      'Bureau.Admin',
      '--name',
      '刘洋',
      '--role',
      'data_bureau_admin',
      '--organisation',
      'data-bureau',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('created bureau.admin (刘洋), data_bureau_admin of 海安市数据局');
    const password = /temporary password \(shown once\): (\S+)/.exec(run.stdout)?.[1];
    expect(password).toBeDefined();

    await withDataDir(async (database) => {
      const [user] = await database.db
        .select()
        .from(users)
        .where(eq(users.username, 'bureau.admin'));
      expect(user).toMatchObject({
        name: '刘洋',
        role: 'data_bureau_admin',
        disabled: false,
        // A generated password is temporary: it must be changed at first sign-in.
        passwordChangeRequired: true,
      });
      const [row] = await database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'users.create'));
      expect(row).toMatchObject({
        actorUserId: null,
        actorName: 'cli',
        actorRole: null,
        organisationId: null,
        targetType: 'user',
        targetId: user?.id,
        outcome: 'success',
        detail: {
          username: 'bureau.admin',
          role: 'data_bureau_admin',
          organisationId: 'data-bureau',
        },
      });
    });
  });

  it('refuses what the service refuses, with its code, and audits the failure', async () => {
    const run = await cli([
      'users',
      'create',
      '--username',
      'wrong-place',
      '--name',
      'x',
      '--role',
      'system_admin',
      '--organisation',
      'data-bureau',
      '--password',
      'Strong-pass-2026',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ROLE_ORGANISATION_MISMATCH');
    const rows = await withDataDir((database) =>
      database.db.select().from(auditLog).where(eq(auditLog.outcome, 'failure')),
    );
    expect(rows).toMatchObject([
      { action: 'users.create', actorName: 'cli', detail: { error: 'ROLE_ORGANISATION_MISMATCH' } },
    ]);
  });

  it(
    'resets a password, disables (ending sessions), enables and lists',
    async () => {
      const userId = await withDataDir(async (database) => {
        const [user] = await database.db
          .select()
          .from(users)
          .where(eq(users.username, 'bureau.admin'));
        const at = new Date('2026-03-02T02:00:00Z');
        await database.db.insert(sessions).values({
          id: 'session-1',
          token: 'token-1',
          userId: user!.id,
          expiresAt: new Date('2099-01-01T00:00:00Z'),
          createdAt: at,
          updatedAt: at,
        });
        // As if the person had changed the first temporary password.
        await database.db
          .update(users)
          .set({ passwordChangeRequired: false })
          .where(eq(users.id, user!.id));
        return user!.id;
      });

      const reset = await cli(['users', 'reset-password', '--username', 'bureau.admin']);
      expect(reset.code).toBe(0);
      expect(reset.stdout).toMatch(/temporary password for bureau\.admin \(shown once\): \S{8,}/);
      expect(reset.stdout).toContain('it must be changed at the next sign-in');

      const disable = await cli(['users', 'disable', '--username', 'bureau.admin']);
      expect(disable.code).toBe(0);
      await withDataDir(async (database) => {
        const [user] = await database.db.select().from(users).where(eq(users.id, userId));
        expect(user?.disabled).toBe(true);
        // The reset's new password is temporary again.
        expect(user?.passwordChangeRequired).toBe(true);
        expect(
          await database.db.select().from(sessions).where(eq(sessions.userId, userId)),
        ).toEqual([]);
      });

      const listed = await cli(['users', 'list']);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(
        /bureau\.admin\s+刘洋\s+data_bureau_admin\s+海安市数据局 \(data-bureau\)\s+disabled/,
      );

      expect((await cli(['users', 'enable', '--username', 'bureau.admin'])).code).toBe(0);
      const unknown = await cli(['users', 'disable', '--username', 'nobody']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('No user with the username "nobody"');

      const trail = await withDataDir((database) =>
        database.db.select().from(auditLog).where(eq(auditLog.targetId, userId)),
      );
      expect(trail.map((row) => [row.action, row.detail])).toEqual([
        ['users.create', expect.anything()],
        ['users.reset-password', expect.objectContaining({ username: 'bureau.admin' })],
        ['users.update', expect.objectContaining({ disabled: true })],
        ['users.update', expect.objectContaining({ disabled: false })],
      ]);
      expect(new Set(trail.map((row) => row.requestId)).size).toBe(4);
    },
    SEVERAL_RUNS,
  );
});

describe('backup and restore', () => {
  /** Every table's rows as JSON text, audit rows written by the CLI itself left out. */
  async function tables(database: Database): Promise<Record<string, string[]>> {
    return database.raw.transaction(async (sql) => {
      await sql.query(`SET LOCAL TIME ZONE 'UTC'`);
      const names = await sql.query<{ name: string }>(
        `SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY relname`,
      );
      const result: Record<string, string[]> = {};
      for (const { name } of names) {
        const filter = name === 'audit_log' ? ` WHERE action NOT LIKE 'cli.%'` : '';
        const rows = await sql.query<{ line: string }>(
          `SELECT row_to_json(t)::text AS line FROM public."${name}" t${filter} ORDER BY 1`,
        );
        result[name] = rows.map((row) => row.line);
      }
      return result;
    });
  }

  let archive: string;
  let expected: Record<string, string[]>;
  const uploads = [randomBytes(50_000), Buffer.from('统一社会信用代码证书')];

  beforeAll(async () => {
    for (const content of uploads) {
      const sha = createHash('sha256').update(content).digest('hex');
      await fs.mkdir(path.join(dataDir, 'files', sha.slice(0, 2)), { recursive: true });
      await fs.writeFile(path.join(dataDir, 'files', sha.slice(0, 2), sha), content);
    }
    expected = await withDataDir(tables);
    archive = path.join(workDir, 'backups', 'yunquan.tar.gz');
    const run = await cli(['backup', '--out', archive]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`backup written to ${archive}`);
    expect(run.stdout).toContain('2 uploaded files');
  });

  it(
    'restores into a new data folder: same rows, same files, a chain that verifies',
    async () => {
      const target = path.join(workDir, 'restored');
      const run = await cli(['restore', '--from', archive, '--data-dir', target]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/audit chain OK: \d+ rows/);
      expect(await withDataDir(tables, target)).toEqual(expected);
      for (const content of uploads) {
        const sha = createHash('sha256').update(content).digest('hex');
        expect(await fs.readFile(path.join(target, 'files', sha.slice(0, 2), sha))).toEqual(
          content,
        );
      }
      const verify = await cli(['audit', 'verify'], { DATA_DIR: target });
      expect(verify.code).toBe(0);
    },
    SEVERAL_RUNS,
  );

  it('refuses a target folder that is not empty', async () => {
    const run = await cli(['restore', '--from', archive, '--data-dir', dataDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The data folder ${dataDir} is not empty`);
  });

  // Registered only where there is a PostgreSQL server to restore into.
  if (usingPostgres) {
    it(
      'restores the embedded backup into an empty PostgreSQL database',
      async () => {
        const serverUrl = process.env.DATABASE_URL!;
        const name = `yq_cli_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        const url = new URL(serverUrl);
        url.pathname = `/${name}`;
        try {
          const env = { DATABASE_URL: url.toString(), DATA_DIR: path.join(workDir, 'pg-files') };
          const run = await cli(['restore', '--from', archive], env);
          expect(run.stderr).toBe('');
          expect(run.code).toBe(0);
          const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
          try {
            expect(await tables(database)).toEqual(expected);
          } finally {
            await database.close();
          }
          expect((await cli(['audit', 'verify'], env)).stdout).toMatch(/^audit chain OK/);
        } finally {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await admin.end();
        }
      },
      SEVERAL_RUNS,
    );
  }
});
