/**
 * Backup and restore as a logical, engine-independent archive (tar.gz): the rows of every
 * table as PostgreSQL's own JSON text, the uploaded files, and a manifest that lets a restore
 * check the whole archive before it writes anything. An archive made on PGlite restores into
 * PostgreSQL and back, so it is also the migration path from the embedded database to a server.
 * On PGlite the data-folder lock means the server must be stopped for either.
 *
 * The module, one idea per file:
 *   backup.format.ts    the archive's layout, the manifest's schema, BackupError
 *   backup.catalog.ts   tables, sequences, keys, foreign-key order, migrations, from the catalog
 *   backup.files.ts     hashing, listing and moving folders; undoing a failed restore's files
 *   backup.write.ts     the snapshot: one read-only transaction, streamed table by table
 *   backup.restore.ts   checking an archive, then loading it into an empty target
 */
import type { Database } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import type { BackupManifest } from './backup.format.js';
import { type RestoreTarget, restoreArchive } from './backup.restore.js';
import { type FilesSource, writeArchive } from './backup.write.js';

export class BackupService {
  constructor(private readonly deps: { clock: Clock }) {}

  /** Writes the archive to `out` (via a temporary name, so a failed run leaves no archive). */
  async create(
    source: Database,
    options: { out: string; files: FilesSource },
  ): Promise<BackupManifest> {
    return writeArchive(source, { ...options, createdAt: this.deps.clock.now() });
  }

  /** Restores an archive into an empty target; a failed restore leaves it as it was found. */
  async restore(options: { from: string; target: RestoreTarget }): Promise<BackupManifest> {
    return restoreArchive(options);
  }
}
