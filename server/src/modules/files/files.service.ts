/**
 * Uploaded documents (business licences, authorisation letters, service contracts, star
 * lists). The type is judged by content — magic bytes and the file's own structure — never by
 * the name or the client's Content-Type: a renamed executable is refused. Files are stored
 * once by SHA-256 outside any public path and never modified, which also keeps backups
 * consistent (a database snapshot never refers to a file written later).
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromBuffer } from 'file-type';
import type { Config } from '../../config.js';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError } from '../../errors.js';

export type FilePurpose =
  | 'business_licence'
  | 'authorisation_letter'
  | 'service_contract'
  | 'star_list'
  /** Documents the platform generated itself (a monthly report's Excel and PDF). */
  | 'monthly_report'
  /** A settlement year's redemption package and the DRC's aggregate (Excel and PDF). */
  | 'redemption_package';

export interface StoredFile {
  id: string;
  sha256: string;
  size: number;
  mediaType: string;
  originalName: string;
  purpose: FilePurpose;
  organisationId: string;
  uploadedBy: string;
  createdAt: string;
}

interface FileRow {
  id: string;
  sha256: string;
  size: string | number;
  media_type: string;
  original_name: string;
  purpose: FilePurpose;
  organisation_id: string;
  uploaded_by: string;
  created_at: Date;
}

const present = (row: FileRow): StoredFile => ({
  id: row.id,
  sha256: row.sha256,
  size: Number(row.size),
  mediaType: row.media_type,
  originalName: row.original_name,
  purpose: row.purpose,
  organisationId: row.organisation_id,
  uploadedBy: row.uploaded_by,
  createdAt: new Date(row.created_at).toISOString(),
});

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (.xlsx)',
  'text/csv': 'CSV',
};

/** Keeps a display name: no path, no control characters, bounded length. */
export function safeOriginalName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').trim();
  return (clean || 'file').slice(0, 200);
}

/**
 * The sniffed media type, after checking the file is whole: a truncated PDF lacks its
 * %%EOF, a truncated PNG its IEND chunk, a truncated JPEG its end-of-image marker.
 */
export async function sniffDocument(bytes: Buffer): Promise<string | null> {
  const detected = await fileTypeFromBuffer(bytes);
  const mime = detected?.mime;
  if (mime === 'application/pdf') {
    const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1');
    return tail.includes('%%EOF') ? mime : 'damaged';
  }
  if (mime === 'image/png') {
    return bytes.subarray(bytes.length - 8, bytes.length - 4).toString('latin1') === 'IEND'
      ? mime
      : 'damaged';
  }
  if (mime === 'image/jpeg') {
    const end = bytes.subarray(Math.max(0, bytes.length - 16));
    return end.includes(Buffer.from([0xff, 0xd9])) ? mime : 'damaged';
  }
  return mime ?? null;
}

export class FilesService {
  private readonly dir: string;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    config: Config,
  ) {
    this.dir = config.files.dir;
  }

  /** Validates and stores an upload; refusals store nothing. */
  async store(input: {
    bytes: Buffer;
    originalName: string;
    purpose: FilePurpose;
    organisationId: string;
    uploadedBy: string;
    allowedTypes: readonly string[];
    maxBytes: number;
    /**
     * The caller's own reading of content that has no magic bytes (CSV text, which the star
     * list reader has decoded). Used only when sniffing recognises nothing; still checked
     * against `allowedTypes`.
     */
    textMediaType?: string;
  }): Promise<StoredFile> {
    const { bytes } = input;
    if (bytes.length === 0) throw new AppError('FILE_EMPTY', '文件为空');
    if (bytes.length > input.maxBytes) {
      throw new AppError(
        'FILE_TOO_LARGE',
        `文件超过 ${Math.floor(input.maxBytes / 1024 / 1024)} MB 上限`,
        { maxBytes: input.maxBytes },
      );
    }
    const mediaType = (await sniffDocument(bytes)) ?? input.textMediaType ?? null;
    if (mediaType === 'damaged')
      throw new AppError('FILE_DAMAGED', '文件不完整或已损坏，请重新扫描上传');
    if (!mediaType || !input.allowedTypes.includes(mediaType)) {
      throw new AppError(
        'UNSUPPORTED_FILE_TYPE',
        `文件内容不是允许的类型（${input.allowedTypes.map((t) => TYPE_NAMES[t] ?? t).join('、')}）`,
        { allowedTypes: input.allowedTypes, detected: mediaType },
      );
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.writeOnce(sha256, bytes);
    // The row in a transaction, so the upload's audit row commits with it (D-audit-tx-4).
    const [row] = await this.database.raw.transaction((tx) =>
      tx.query<FileRow>(
        `INSERT INTO files (id, sha256, size, media_type, original_name, purpose, organisation_id,
         uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [
          randomUUID(),
          sha256,
          bytes.length,
          mediaType,
          safeOriginalName(input.originalName),
          input.purpose,
          input.organisationId,
          input.uploadedBy,
          this.clock.now(),
        ],
      ),
    );
    return present(row as FileRow);
  }

  /**
   * Stores a document the platform generated (no sniffing: the bytes are ours), inside the
   * caller's transaction so the row and the record pointing to it commit together. The bytes
   * are written first, under their hash; a rolled-back row leaves only an unreferenced blob.
   */
  async storeGenerated(
    input: {
      bytes: Buffer;
      mediaType: string;
      originalName: string;
      purpose: FilePurpose;
      organisationId: string;
      uploadedBy: string;
    },
    sql?: RawSql,
  ): Promise<StoredFile> {
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    await this.writeOnce(sha256, input.bytes);
    return this.recordGenerated(input, sha256, input.bytes.length, sql);
  }

  /**
   * `storeGenerated` for a document already written to a file (the redemption package's
   * workbook: half a gigabyte for a large year): streamed into the store and hashed on the way,
   * never held in memory. The file at `from` is left for the caller to remove.
   */
  async storeGeneratedFile(
    input: {
      from: string;
      mediaType: string;
      originalName: string;
      purpose: FilePurpose;
      organisationId: string;
      uploadedBy: string;
    },
    sql?: RawSql,
  ): Promise<StoredFile> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    // Copied under a temporary name first: the hash, hence the final name, is known at the end.
    const temporary = path.join(this.dir, `.generated-${randomUUID()}.partial`);
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        fs.createReadStream(input.from, { highWaterMark: 1 << 20 }),
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
          },
        }),
        fs.createWriteStream(temporary, { flags: 'wx' }),
      );
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      if (fs.existsSync(target)) {
        await fs.promises.rm(temporary, { force: true });
      } else {
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
        await fs.promises.rename(temporary, target);
      }
      return await this.recordGenerated(input, sha256, size, sql);
    } finally {
      await fs.promises.rm(temporary, { force: true });
    }
  }

  private async recordGenerated(
    input: {
      mediaType: string;
      originalName: string;
      purpose: FilePurpose;
      organisationId: string;
      uploadedBy: string;
    },
    sha256: string,
    size: number,
    sql?: RawSql,
  ): Promise<StoredFile> {
    // Without the caller's transaction, one of its own: the audit row commits with the row.
    if (!sql) {
      return this.database.raw.transaction((tx) => this.recordGenerated(input, sha256, size, tx));
    }
    const [row] = await sql.query<FileRow>(
      `INSERT INTO files (id, sha256, size, media_type, original_name, purpose, organisation_id,
         uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [
        randomUUID(),
        sha256,
        size,
        input.mediaType,
        safeOriginalName(input.originalName),
        input.purpose,
        input.organisationId,
        input.uploadedBy,
        this.clock.now(),
      ],
    );
    return present(row as FileRow);
  }

  async get(id: string): Promise<StoredFile | null> {
    const [row] = await this.database.raw.query<FileRow>('SELECT * FROM files WHERE id = $1', [id]);
    return row ? present(row) : null;
  }

  /** The file's bytes as a stream; the caller has decided the reader may see it. */
  open(file: StoredFile): fs.ReadStream {
    return fs.createReadStream(this.pathOf(file.sha256));
  }

  async readAll(file: StoredFile): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(file.sha256));
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256');
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  private async writeOnce(sha256: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) return;
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // Write then rename: a crash never leaves a half-written file under its hash.
    const temporary = `${target}.${randomUUID()}.partial`;
    await fs.promises.writeFile(temporary, bytes, { flag: 'wx' });
    await fs.promises.rename(temporary, target);
  }
}
