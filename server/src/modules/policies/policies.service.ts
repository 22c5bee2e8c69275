/**
 * Policy as data: each programme has versioned policy documents; exactly one is in force.
 * Publishing a new version supersedes the old one for future grants only; a voucher keeps
 * the version it was granted under (vouchers.policy_id).
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError } from '../../domain/errors.js';
import { HAIAN_2024_POLICY, type Policy, parsePolicy, policySchema } from '../../domain/policy.js';
import { AppError, type FieldError } from '../../errors.js';
import { describeIssue } from '../../http/validation-messages.js';

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

/**
 * Every problem of a draft document, one per field, named as the publish body names it
 * (`document.tranches.1.activeFromMonths`) and worded as every other refused field is
 * (validation-messages.ts): the policy form puts each under its own input.
 */
export function policyProblems(document: unknown): FieldError[] {
  const result = policySchema.safeParse(document, { reportInput: true });
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    // An unknown member is named itself, as the request validator names it (http/problem.ts).
    if (issue.code === 'unrecognized_keys' && issue.keys[0]) path.push(issue.keys[0]);
    const { code, path: _path, message, ...params } = issue;
    return {
      field: ['document', ...path].join('.'),
      ...describeIssue({ keyword: code, params, message }),
    };
  });
}

function versionTaken(version: string): FieldError {
  return {
    field: 'document.version',
    message: `版本号 ${version} 已发布过，请另取一个版本号`,
    rule: 'custom',
    limits: { reason: 'policy-version-taken' },
  };
}

/** A refused publication: the first problems in words, every one in `errors`. */
function invalidPolicy(errors: FieldError[]): AppError {
  const detail = errors
    .slice(0, 3)
    .map((error) => `${error.field}：${error.message}`)
    .join('；');
  return new AppError('POLICY_INVALID', detail, undefined, errors);
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

  /**
   * The dry run of `publish`: what it would refuse, field by field, without publishing —
   * the schema's problems and a version already published. [] when it would publish.
   */
  async check(document: unknown, programme = DEFAULT_PROGRAMME): Promise<FieldError[]> {
    const problems = policyProblems(document);
    const version = (document as { version?: unknown } | null)?.version;
    if (
      typeof version === 'string' &&
      version !== '' &&
      (await this.isPublished(programme, version))
    ) {
      problems.unshift(versionTaken(version));
    }
    return problems;
  }

  private async isPublished(programme: string, version: string, tx: RawSql = this.database.raw) {
    const [clash] = await tx.query('SELECT 1 FROM policies WHERE programme = $1 AND version = $2', [
      programme,
      version,
    ]);
    return clash !== undefined;
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
      if (error instanceof DomainError) throw invalidPolicy(policyProblems(document));
      throw error;
    }
    const now = this.clock.now();
    const id = randomUUID();
    return this.database.raw.transaction(async (tx) => {
      // Serialise publications of one programme so exactly one version stays in force.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`policy:${programme}`]);
      if (await this.isPublished(programme, policy.version, tx)) {
        throw invalidPolicy([versionTaken(policy.version)]);
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
