/**
 * Policy as data: each programme has versioned policy documents; exactly one is in force.
 * Publishing a new version supersedes the old one for future grants only; a voucher keeps
 * the version it was granted under (vouchers.policy_id).
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError } from '../../domain/errors.js';
import { HAIAN_2024_POLICY, type Policy, parsePolicy } from '../../domain/policy.js';
import { AppError } from '../../errors.js';

export const DEFAULT_PROGRAMME = 'haian-cloud-voucher';

export interface StoredPolicy {
  id: string;
  programme: string;
  version: string;
  document: Policy;
  publishedAt: Date;
  publishedBy: string | null;
  supersededAt: Date | null;
}

interface PolicyRow {
  id: string;
  programme: string;
  version: string;
  document: unknown;
  published_at: Date | string;
  published_by: string | null;
  superseded_at: Date | string | null;
}

function present(row: PolicyRow): StoredPolicy {
  return {
    id: row.id,
    programme: row.programme,
    version: row.version,
    document: parsePolicy(row.document),
    publishedAt: new Date(row.published_at),
    publishedBy: row.published_by,
    supersededAt: row.superseded_at === null ? null : new Date(row.superseded_at),
  };
}

export class PoliciesService {
  /** Parsed documents by id: a published version never changes, so caching is safe. */
  private readonly byId = new Map<string, StoredPolicy>();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  async inForce(
    programme = DEFAULT_PROGRAMME,
    tx: RawSql = this.database.raw,
  ): Promise<StoredPolicy> {
    const [row] = await tx.query<PolicyRow>(
      `SELECT * FROM policies WHERE programme = $1 AND superseded_at IS NULL
       ORDER BY published_at DESC LIMIT 1`,
      [programme],
    );
    if (!row) throw new AppError('POLICY_INVALID', `no policy in force for ${programme}`);
    return this.remember(present(row));
  }

  async byIdOrThrow(id: string, tx: RawSql = this.database.raw): Promise<StoredPolicy> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const [row] = await tx.query<PolicyRow>('SELECT * FROM policies WHERE id = $1', [id]);
    if (!row) throw new AppError('POLICY_INVALID', `unknown policy ${id}`);
    return this.remember(present(row));
  }

  async history(programme = DEFAULT_PROGRAMME): Promise<StoredPolicy[]> {
    const rows = await this.database.raw.query<PolicyRow>(
      'SELECT * FROM policies WHERE programme = $1 ORDER BY published_at DESC',
      [programme],
    );
    return rows.map(present);
  }

  /** Publishes a new version; the previous one stops applying to new grants. */
  async publish(
    document: unknown,
    publishedBy: string | null,
    programme = DEFAULT_PROGRAMME,
  ): Promise<StoredPolicy> {
    let policy: Policy;
    try {
      policy = parsePolicy(document);
    } catch (error) {
      if (error instanceof DomainError) throw new AppError('POLICY_INVALID', error.message);
      throw error;
    }
    const now = this.clock.now();
    const id = randomUUID();
    return this.database.raw.transaction(async (tx) => {
      // Serialise publications of one programme so exactly one version stays in force.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`policy:${programme}`]);
      const [clash] = await tx.query(
        'SELECT 1 FROM policies WHERE programme = $1 AND version = $2',
        [programme, policy.version],
      );
      if (clash) {
        throw new AppError('POLICY_INVALID', `version ${policy.version} is already published`);
      }
      await tx.query(
        'UPDATE policies SET superseded_at = $2 WHERE programme = $1 AND superseded_at IS NULL',
        [programme, now],
      );
      const [row] = await tx.query<PolicyRow>(
        `INSERT INTO policies (id, programme, version, document, published_at, published_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [id, programme, policy.version, JSON.stringify(policy), now, publishedBy],
      );
      return this.remember(present(row as PolicyRow));
    });
  }

  /** Seeds the Haian 2024 policy on a database that has none. */
  async ensureDefault(): Promise<StoredPolicy> {
    const [row] = await this.database.raw.query<PolicyRow>(
      'SELECT * FROM policies WHERE programme = $1 LIMIT 1',
      [DEFAULT_PROGRAMME],
    );
    if (row) return this.inForce();
    return this.publish(HAIAN_2024_POLICY, null);
  }

  private remember(policy: StoredPolicy): StoredPolicy {
    this.byId.set(policy.id, policy);
    return policy;
  }
}
