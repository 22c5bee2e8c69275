/**
 * Backup → restore round trips, compared row by row and byte by byte: PGlite to PGlite always,
 * and with DATABASE_URL set every pairing of PGlite and PostgreSQL (the archive is also the
 * migration path from the embedded database to a server). Then the refusals: a non-empty
 * target, a damaged archive, an archive from another schema version, something not an archive.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { type Database, migrateDatabase, openDatabase } from '../../src/db/client.js';
import { accounts, organisations, sessions, users } from '../../src/db/schema/index.js';
import { ManualClock } from '../../src/domain/clock.js';
import { AuditSealer } from '../../src/modules/audit/audit.sealer.js';
import { AuditService } from '../../src/modules/audit/audit.service.js';
import { AuditWriter } from '../../src/modules/audit/audit.writer.js';
import { BackupError, type BackupManifest } from '../../src/modules/backup/backup.format.js';
import type { RestoreTarget } from '../../src/modules/backup/backup.restore.js';
import { BackupService } from '../../src/modules/backup/backup.service.js';
import { usingPostgres } from '../helpers/database.js';
import { buildVoucherWorld } from '../helpers/voucher-world.js';

const clock = new ManualClock('2026-03-02T02:00:00.456Z');
const backups = new BackupService({ clock });
let workDir: string;

/** A new database on the PostgreSQL server, not migrated: as an operator would create it. */
async function createEmptyPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL!;
  const name = `yq_restore_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

async function seed(database: Database, filesDir: string): Promise<void> {
  const at = (iso: string) => new Date(iso);
  await database.db.insert(organisations).values([
    { id: 'platform', kind: 'platform', name: '云券平台', createdAt: at('2026-01-01T00:00:00Z') },
    {
      id: 'data-bureau',
      kind: 'department',
      departmentCode: 'data_bureau',
      name: '海安市数据局',
      createdAt: at('2026-01-01T00:00:00.001Z'),
    },
    {
      id: 'ent-1',
      kind: 'enterprise',
      name: '海安示范智能制造有限公司',
      creditCode: '91320621MA1XYZ1234',
      createdAt: at('2026-02-03T04:05:06.789Z'),
    },
  ]);
  await database.db.insert(users).values(
    Array.from({ length: 25 }, (_, i) => ({
      id: `user-${i}`,
      name: `用户 "${i}"\n第二行`,
      email: `user${i}@example.cn`,
      username: `user${i}`,
      role: i === 0 ? 'system_admin' : 'enterprise_agent',
      organisationId: i === 0 ? 'platform' : 'ent-1',
      disabled: i % 7 === 0,
      failedSignInCount: i % 3,
      lockedUntil: i % 5 === 0 ? at('2026-03-01T10:00:00.5Z') : null,
      createdAt: at('2026-02-01T00:00:00Z'),
      updatedAt: at(`2026-02-01T00:00:${String(i).padStart(2, '0')}.${i}Z`),
    })),
  );
  await database.db.insert(accounts).values(
    Array.from({ length: 25 }, (_, i) => ({
      id: `account-${i}`,
      accountId: `user-${i}`,
      providerId: 'credential',
      userId: `user-${i}`,
      password: `scrypt$${randomBytes(16).toString('hex')}`,
      createdAt: at('2026-02-01T00:00:00Z'),
      updatedAt: at('2026-02-01T00:00:00Z'),
    })),
  );
  await database.db.insert(sessions).values({
    id: 'session-1',
    token: 'token-1',
    userId: 'user-0',
    expiresAt: at('2026-03-09T00:00:00Z'),
    createdAt: at('2026-03-02T00:00:00Z'),
    updatedAt: at('2026-03-02T00:00:00Z'),
    ipAddress: '10.1.2.3',
    userAgent: 'Mozilla/5.0',
  });
  // The ledger through its own services: bigint amounts, a bigserial sequence, jsonb memos.
  const app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test', DATA_DIR: filesDir }),
    clock,
    database,
    logger: false,
  });
  const world = await buildVoucherWorld(app);
  await world.enterpriseWithVoucher(5);
  await world.enterpriseWithVoucher(3);
  await app.close();

  const writer = new AuditWriter(database, clock);
  await Promise.all(
    Array.from({ length: 1_200 }, (_, i) =>
      writer.append({
        actorUserId: 'user-0',
        actorName: '系统管理员',
        actorRole: 'system_admin',
        organisationId: 'platform',
        action: `POST /api/things/${i}`,
        outcome: 'success',
        detail: { i, amount: '12345678901234.56', big: 2 ** 53 - 1, tags: ['a', '东'] },
      }),
    ),
  );
  // Sealed into the chain as the running server's sealer would: the seals travel too.
  await new AuditSealer(database, clock).sealAll();

  // Uploaded files are stored under their SHA-256, in sub-folders.
  for (const content of [randomBytes(70_000), Buffer.from('营业执照.pdf'), Buffer.alloc(0)]) {
    const sha = createHash('sha256').update(content).digest('hex');
    const file = path.join(filesDir, sha.slice(0, 2), sha);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
}

/**
 * Every table's rows as PostgreSQL's own JSON text, in key order, with times in UTC, and
 * every sequence's position.
 */
async function snapshot(database: Database): Promise<Record<string, string[]>> {
  return database.raw.transaction(async (sql) => {
    await sql.query(`SET LOCAL TIME ZONE 'UTC'`);
    const tables = await sql.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY relname`,
    );
    const result: Record<string, string[]> = {};
    for (const { name } of tables) {
      const rows = await sql.query<{ line: string }>(
        `SELECT row_to_json(t)::text AS line FROM public."${name}" t ORDER BY 1`,
      );
      result[name] = rows.map((row) => row.line);
    }
    const sequences = await sql.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY relname`,
    );
    for (const { name } of sequences) {
      const [state] = await sql.query<{ position: string }>(
        `SELECT last_value::text || ' ' || is_called AS position FROM public."${name}"`,
      );
      result[`sequence ${name}`] = [state?.position ?? ''];
    }
    return result;
  });
}

async function readTree(dir: string): Promise<Record<string, Buffer>> {
  const result: Record<string, Buffer> = {};
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    result[path.relative(dir, full)] = await fs.readFile(full);
  }
  return result;
}

/** Unpacks an archive, lets `edit` change it, and packs it again. */
async function tamperedCopy(
  archive: string,
  edit: (dir: string) => Promise<void>,
): Promise<string> {
  const dir = await fs.mkdtemp(path.join(workDir, 'tamper-'));
  await tar.extract({ file: archive, cwd: dir });
  await edit(dir);
  const out = `${dir}.tar.gz`;
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  await tar.create(
    { gzip: true, file: out, cwd: dir },
    entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name))),
  );
  return out;
}

beforeAll(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'yunquan-backup-test-'));
});

afterAll(async () => {
  await fs.rm(workDir, { recursive: true, force: true });
});

const engines = usingPostgres ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(engines)('a backup taken from %s', (sourceEngine) => {
  let source: Database;
  let dropSource: (() => Promise<void>) | undefined;
  let filesDir: string;
  let archive: string;
  let manifest: BackupManifest;
  let expected: Record<string, string[]>;

  beforeAll(async () => {
    if (sourceEngine === 'postgres') {
      const created = await createEmptyPostgres();
      source = await openDatabase({ databaseUrl: created.url, poolSize: 4 });
      dropSource = created.drop;
    } else {
      source = await openDatabase({});
    }
    await migrateDatabase(source);
    filesDir = path.join(workDir, `${sourceEngine}-source-files`);
    await seed(source, filesDir);
    archive = path.join(workDir, `${sourceEngine}.tar.gz`);
    manifest = await backups.create(source, {
      out: archive,
      files: { kind: 'local', dir: filesDir },
    });
    expected = await snapshot(source);
  });

  afterAll(async () => {
    await source.close();
    await dropSource?.();
  });

  it('describes what it holds in its manifest', () => {
    expect(manifest).toMatchObject({
      format: 'yunquan-backup',
      formatVersion: 1,
      createdAt: '2026-03-02T02:00:00.456Z',
      engine: sourceEngine,
    });
    expect(manifest.migrations.length).toBeGreaterThan(0);
    const rows = Object.fromEntries(manifest.tables.map((table) => [table.name, table.rows]));
    expect(rows).toMatchObject({ organisations: 6, users: 25, accounts: 25, sessions: 1 });
    expect(rows.audit_log).toBe(1_200);
    expect(rows.audit_seals).toBe(1_200);
    expect(rows.ledger_transfers).toBeGreaterThan(0);
    expect(manifest.sequences).toContainEqual({
      name: 'ledger_transfers_seq_seq',
      lastValue: String(rows.ledger_transfers),
      isCalled: true,
    });
    expect(manifest.files).toHaveLength(3);
  });

  it.each(engines)(
    'restores into an empty %s target, row for row and byte for byte',
    async (targetEngine) => {
      const dataDir = path.join(workDir, `${sourceEngine}-to-${targetEngine}`);
      const targetFiles = path.join(dataDir, 'files');
      const created = targetEngine === 'postgres' ? await createEmptyPostgres() : undefined;
      const target: RestoreTarget = created
        ? { kind: 'postgres', databaseUrl: created.url, dataDir, filesDir: targetFiles }
        : { kind: 'pglite', dataDir, filesDir: targetFiles };
      try {
        await backups.restore({ from: archive, target });
        const restored = created
          ? await openDatabase({ databaseUrl: created.url, poolSize: 2 })
          : await openDatabase({ dataDir });
        try {
          const actual = await snapshot(restored);
          expect(Object.keys(actual)).toEqual(Object.keys(expected));
          for (const table of Object.keys(expected)) {
            expect(actual[table], table).toEqual(expected[table]);
          }
          expect(await new AuditService(restored).verify()).toMatchObject({
            ok: true,
            rows: 1_200,
            unsealed: { count: 0 },
          });
        } finally {
          await restored.close();
        }
        expect(await readTree(targetFiles)).toEqual(await readTree(filesDir));
      } finally {
        await created?.drop();
      }
    },
    120_000,
  );

  it('refuses a data folder that is not empty, and leaves it alone', async () => {
    const dataDir = path.join(workDir, `${sourceEngine}-occupied`);
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(path.join(dataDir, 'notes.txt'), 'keep me');
    const restore = backups.restore({
      from: archive,
      target: { kind: 'pglite', dataDir, filesDir: path.join(dataDir, 'files') },
    });
    await expect(restore).rejects.toThrow(/data folder .* is not empty/);
    expect(await fs.readdir(dataDir)).toEqual(['notes.txt']);
  });

  // Registered only where there is a PostgreSQL server to try it on.
  if (usingPostgres) {
    it('refuses a PostgreSQL database that holds rows', async () => {
      const created = await createEmptyPostgres();
      try {
        const occupied = await openDatabase({ databaseUrl: created.url, poolSize: 2 });
        await migrateDatabase(occupied);
        await occupied.db
          .insert(organisations)
          .values({ id: 'x', kind: 'platform', name: 'x', createdAt: new Date() });
        await occupied.close();
        const dataDir = path.join(workDir, `${sourceEngine}-pg-occupied`);
        const restore = backups.restore({
          from: archive,
          target: {
            kind: 'postgres',
            databaseUrl: created.url,
            dataDir,
            filesDir: path.join(dataDir, 'files'),
          },
        });
        await expect(restore).rejects.toThrow(/table organisations has rows/);
      } finally {
        await created.drop();
      }
    });
  }

  it('refuses an archive whose table file was edited, before touching the target', async () => {
    const edited = await tamperedCopy(archive, async (dir) => {
      const file = path.join(dir, 'db', 'users.jsonl');
      const text = await fs.readFile(file, 'utf8');
      await fs.writeFile(file, text.replace('"disabled":false', '"disabled":true'));
    });
    const dataDir = path.join(workDir, `${sourceEngine}-from-edited`);
    const restore = backups.restore({
      from: edited,
      target: { kind: 'pglite', dataDir, filesDir: path.join(dataDir, 'files') },
    });
    await expect(restore).rejects.toThrow(/db\/users\.jsonl does not match its SHA-256/);
    await expect(fs.stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  // A restore that loads every table before it fails: on a busy machine past the 30 s default.
  it('takes the target back to empty when the rows cannot go in', {
    timeout: 120_000,
  }, async () => {
    // A consistent archive (hashes recomputed) whose rows break a foreign key.
    const broken = await tamperedCopy(archive, async (dir) => {
      const file = path.join(dir, 'db', 'users.jsonl');
      const text = await fs.readFile(file, 'utf8');
      const edited = text.replace('"organisation_id":"ent-1"', '"organisation_id":"gone"');
      await fs.writeFile(file, edited);
      const manifestFile = path.join(dir, 'manifest.json');
      const content = JSON.parse(await fs.readFile(manifestFile, 'utf8')) as BackupManifest;
      const users = content.tables.find((table) => table.name === 'users')!;
      users.sha256 = createHash('sha256').update(edited).digest('hex');
      await fs.writeFile(manifestFile, JSON.stringify(content));
    });
    const dataDir = path.join(workDir, `${sourceEngine}-half-way`);
    await fs.mkdir(dataDir);
    const restore = backups.restore({
      from: broken,
      target: { kind: 'pglite', dataDir, filesDir: path.join(dataDir, 'files') },
    });
    await expect(restore).rejects.toThrow(/violates foreign key constraint/);
    expect(await fs.readdir(dataDir)).toEqual([]);
  });

  it('refuses an archive whose uploaded file was altered or added to', async () => {
    const first = manifest.files.find((file) => file.size > 0)!;
    const altered = await tamperedCopy(archive, (dir) =>
      fs.appendFile(path.join(dir, 'files', first.path), 'x'),
    );
    const dataDir = path.join(workDir, `${sourceEngine}-from-altered`);
    const target: RestoreTarget = {
      kind: 'pglite',
      dataDir,
      filesDir: path.join(dataDir, 'files'),
    };
    await expect(backups.restore({ from: altered, target })).rejects.toThrow(
      `files/${first.path} does not match its SHA-256`,
    );
    const added = await tamperedCopy(archive, (dir) =>
      fs.writeFile(path.join(dir, 'files', 'extra.bin'), 'surprise'),
    );
    await expect(backups.restore({ from: added, target })).rejects.toThrow(
      'does not list: extra.bin',
    );
  });

  it('refuses an archive made with other migrations, naming the way out', async () => {
    const other = await tamperedCopy(archive, async (dir) => {
      const file = path.join(dir, 'manifest.json');
      const content = JSON.parse(await fs.readFile(file, 'utf8')) as BackupManifest;
      content.migrations.push({ hash: 'f'.repeat(64), createdAt: Date.now() });
      content.appVersion = '9.9.9';
      await fs.writeFile(file, JSON.stringify(content));
    });
    const dataDir = path.join(workDir, `${sourceEngine}-from-future`);
    const restore = backups.restore({
      from: other,
      target: { kind: 'pglite', dataDir, filesDir: path.join(dataDir, 'files') },
    });
    await expect(restore).rejects.toThrow(
      /made by Yunquan 9\.9\.9 .* Restore it with the version that made the backup/,
    );
  });

  it('refuses a file that is not a backup archive', async () => {
    const junk = path.join(workDir, 'junk.tar.gz');
    await fs.writeFile(junk, randomBytes(2_000));
    const dataDir = path.join(workDir, `${sourceEngine}-from-junk`);
    const restore = backups.restore({
      from: junk,
      target: { kind: 'pglite', dataDir, filesDir: path.join(dataDir, 'files') },
    });
    await expect(restore).rejects.toBeInstanceOf(BackupError);
    await expect(restore).rejects.toThrow(/not a readable backup archive/);
  });
});
