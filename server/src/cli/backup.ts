/** `backup` and `restore`: the whole platform (database and uploaded files) in one archive. */
import path from 'node:path';
import { loadConfig } from '../config.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { AuditWriter } from '../modules/audit/audit.writer.js';
import type { RestoreTarget } from '../modules/backup/backup.restore.js';
import { BackupService } from '../modules/backup/backup.service.js';
import {
  type Command,
  cliAuditEntry,
  clockFor,
  describeDatabase,
  parseCommandArgs,
  required,
  withDatabase,
} from './context.js';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'write the database and the uploaded files into one archive',
  help: `Usage: npm run cli -- backup --out <file.tar.gz>

Writes a logical, engine-independent archive: every table as JSON lines read in one consistent
snapshot, the applied migrations, and the uploaded files, with a SHA-256 for each part.
An archive from the embedded database restores into PostgreSQL and the other way round.

  Embedded database (DATA_DIR): stop the server first; its data folder is locked while it runs.
  PostgreSQL (DATABASE_URL):    runs live; the database part is a single snapshot.
  FILE_STORAGE=s3:              files are not included; back the bucket up with its own tools.

Options:
  --out <file>   where to write the archive (.tar.gz); written under a temporary name first`,
  async run(args) {
    const values = parseCommandArgs(this, args, { out: { type: 'string' } });
    if (!values) return 0;
    const out = path.resolve(required(values.out, 'out', this.name));
    const config = loadConfig();
    const clock = clockFor(config);
    const manifest = await withDatabase(config, { setUp: false }, async (database) => {
      const made = await new BackupService({ clock }).create(database, {
        out,
        files: config.files,
      });
      // Exporting everything is itself worth a line in the trail (after the snapshot, so the
      // archive does not contain it).
      const writer = new AuditWriter(database, clock);
      await writer.append(
        cliAuditEntry({
          action: 'cli.backup',
          outcome: 'success',
          targetType: 'backup',
          targetId: path.basename(out),
          detail: { tables: made.tables.length, files: made.files.length },
        }),
      );
      return made;
    });
    const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    console.log(
      `backup written to ${out}\n` +
        `  from ${describeDatabase(config)}: ${rows} rows in ${manifest.tables.length} tables, ` +
        `${manifest.files.length} uploaded files`,
    );
    return 0;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restore an archive into an empty data folder or database',
  help: `Usage: npm run cli -- restore --from <file.tar.gz> [--data-dir <dir>]

Restores a backup into an empty target, checking the archive first (format, migrations, the
SHA-256 of every table and file). Nothing is written unless every check passes, and a restore
that fails half-way leaves the target empty again.

Target:
  --data-dir <dir>   an embedded database in <dir>, which must be empty or absent
                     (DATABASE_URL is ignored); uploaded files go to <dir>/files or FILE_DIR
  otherwise          the database of DATABASE_URL, which must hold no rows, or DATA_DIR,
                     which must be empty or absent

The archive must come from a version with the same migrations as this one: restore with the
version that made the backup, then start the newer version to upgrade.

Options:
  --from <file>      the archive made by "backup"
  --data-dir <dir>   restore into an embedded database in this folder`,
  async run(args) {
    const values = parseCommandArgs(this, args, {
      from: { type: 'string' },
      'data-dir': { type: 'string' },
    });
    if (!values) return 0;
    const from = path.resolve(required(values.from, 'from', this.name));
    const dataDir = values['data-dir'];
    const config =
      typeof dataDir === 'string'
        ? loadConfig({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: undefined })
        : loadConfig();
    const filesDir = config.files.dir;
    const target: RestoreTarget = config.databaseUrl
      ? { kind: 'postgres', databaseUrl: config.databaseUrl, dataDir: config.dataDir, filesDir }
      : { kind: 'pglite', dataDir: config.dataDir, filesDir };
    const clock = clockFor(config);
    const manifest = await new BackupService({ clock }).restore({ from, target });
    const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    console.log(
      `restored ${from}\n` +
        `  made ${manifest.createdAt} by Yunquan ${manifest.appVersion} on ${manifest.engine}\n` +
        `  into ${describeDatabase(config)}: ${rows} rows in ${manifest.tables.length} tables, ` +
        `${manifest.files.length} uploaded files${manifest.files.length > 0 ? ` in ${filesDir}` : ''}`,
    );

    const verified = await withDatabase(config, { setUp: false }, async (database) => {
      await new AuditWriter(database, clock).append(
        cliAuditEntry({
          action: 'cli.restore',
          outcome: 'success',
          targetType: 'backup',
          targetId: path.basename(from),
          detail: { createdAt: manifest.createdAt, engine: manifest.engine },
        }),
      );
      return new AuditService(database).verify();
    });
    if (!verified.ok) {
      console.error(
        `audit chain BROKEN at seq ${verified.firstBrokenSeq} (${verified.reason}): the backup ` +
          'holds a damaged trail. Run "npm run cli -- audit verify" for details.',
      );
      return 1;
    }
    console.log(`audit chain OK: ${verified.rows} rows`);
    return 0;
  },
};
