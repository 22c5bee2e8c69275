/**
 * What other modules may ask about stored files without reading the `files` table (issue 11
 * item 2): an organisation's own upload of a given purpose, by id. Takes the `RawSql`.
 */
import type { RawSql } from '../../db/client.js';
import type { FilePurpose } from './files.service.js';

export interface FileMetaRow {
  id: string;
  sha256: string;
  size: string | number;
  media_type: string;
  original_name: string;
  created_at: Date;
}

/** The file's metadata if the organisation uploaded it for this purpose; otherwise null. */
export async function ownUploadOf(
  sql: RawSql,
  q: { fileId: string; organisationId: string; purpose: FilePurpose },
): Promise<FileMetaRow | null> {
  const [row] = await sql.query<FileMetaRow>(
    `SELECT id, sha256, size, media_type, original_name, created_at FROM files
      WHERE id = $1 AND organisation_id = $2 AND purpose = $3`,
    [q.fileId, q.organisationId, q.purpose],
  );
  return row ?? null;
}
