/**
 * Operator API clients: a key id and a secret, the secret shown once. The secret is kept
 * encrypted (HMAC needs the secret itself, so a hash would not do). Disabling and rotating
 * take effect at once on this instance and within CACHE_MS on the others.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError, fieldError } from '../../errors.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { isOperator, operators } from '../accounts/accounts.lookups.js';
import { noteAudit } from '../audit/audit.scope.js';

const CACHE_MS = 5_000;

export interface ApiClient {
  id: string;
  keyId: string;
  name: string;
  operatorId: string;
  status: 'active' | 'disabled';
  createdAt: Date;
  createdBy: string | null;
  rotatedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface AuthenticatedClient {
  clientId: string;
  keyId: string;
  operatorId: string;
  name: string;
  secret: string;
}

interface ClientRow {
  id: string;
  key_id: string;
  name: string;
  operator_id: string;
  secret_ciphertext: string;
  status: 'active' | 'disabled';
  created_at: Date;
  created_by: string | null;
  rotated_at: Date | null;
  last_used_at: Date | null;
}

function present(row: ClientRow): ApiClient {
  return {
    id: row.id,
    keyId: row.key_id,
    name: row.name,
    operatorId: row.operator_id,
    status: row.status,
    createdAt: new Date(row.created_at),
    createdBy: row.created_by,
    rotatedAt: row.rotated_at ? new Date(row.rotated_at) : null,
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
  };
}

const newSecret = () => randomBytes(32).toString('base64url');

export class ApiClientsService {
  private readonly cache = new Map<string, { at: number; client: AuthenticatedClient | null }>();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly secretBox: SecretBox,
  ) {}

  async create(input: {
    operatorId: string;
    name: string;
    createdBy: string | null;
  }): Promise<{ client: ApiClient; secret: string }> {
    if (!(await isOperator(this.database.raw, input.operatorId)))
      throw fieldError('body.operatorId', '所选机构不是平台服务方');
    const secret = newSecret();
    const [row] = await this.change<ClientRow>(
      `INSERT INTO api_clients (id, key_id, name, operator_id, secret_ciphertext, status,
         created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, 'active', $6, $7) RETURNING *`,
      [
        randomUUID(),
        `yq_${randomBytes(9).toString('base64url')}`,
        input.name,
        input.operatorId,
        this.secretBox.seal(secret),
        this.clock.now(),
        input.createdBy,
      ],
    );
    return { client: present(row as ClientRow), secret };
  }

  async list(operatorId: string): Promise<ApiClient[]> {
    const rows = await this.database.raw.query<ClientRow>(
      'SELECT * FROM api_clients WHERE operator_id = $1 ORDER BY created_at DESC',
      [operatorId],
    );
    return rows.map(present);
  }

  async setStatus(
    operatorId: string,
    id: string,
    status: 'active' | 'disabled',
  ): Promise<ApiClient> {
    const [row] = await this.change<ClientRow>(
      'UPDATE api_clients SET status = $3 WHERE id = $1 AND operator_id = $2 RETURNING *',
      [id, operatorId, status],
    );
    if (!row) throw new AppError('API_CLIENT_NOT_FOUND');
    this.cache.delete(row.key_id);
    return present(row);
  }

  /** Replaces the secret; the old one stops working. Returns the new secret once. */
  async rotate(operatorId: string, id: string): Promise<{ client: ApiClient; secret: string }> {
    const secret = newSecret();
    const [row] = await this.change<ClientRow>(
      `UPDATE api_clients SET secret_ciphertext = $3, rotated_at = $4
        WHERE id = $1 AND operator_id = $2 RETURNING *`,
      [id, operatorId, this.secretBox.seal(secret), this.clock.now()],
    );
    if (!row) throw new AppError('API_CLIENT_NOT_FOUND');
    this.cache.delete(row.key_id);
    return { client: present(row), secret };
  }

  async byKeyId(keyId: string): Promise<ApiClient | null> {
    const [row] = await this.database.raw.query<ClientRow>(
      'SELECT * FROM api_clients WHERE key_id = $1',
      [keyId],
    );
    return row ? present(row) : null;
  }

  async operators(): Promise<Array<{ id: string; name: string }>> {
    return operators(this.database.raw);
  }

  /** The active client for a key id, or null. Cached briefly: this runs on every API call. */
  async authenticate(keyId: string): Promise<AuthenticatedClient | null> {
    // Monotonic process time: this is cache freshness, not business time.
    const now = performance.now();
    const cached = this.cache.get(keyId);
    if (cached && now - cached.at < CACHE_MS) return cached.client;
    const [row] = await this.database.raw.query<ClientRow>(
      'SELECT * FROM api_clients WHERE key_id = $1',
      [keyId],
    );
    const client =
      row && row.status === 'active'
        ? {
            clientId: row.id,
            keyId: row.key_id,
            operatorId: row.operator_id,
            name: row.name,
            secret: this.secretBox.open(row.secret_ciphertext),
          }
        : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(keyId, { at: now, client });
    return client;
  }

  /**
   * A change to a client, in a transaction of its own so that its audit row commits with it,
   * naming the client by its key id as the routes do (D-audit-tx-4).
   */
  private change<T extends { key_id: string }>(text: string, params: unknown[]): Promise<T[]> {
    return this.database.raw.transaction(async (tx) => {
      const rows = await tx.query<T>(text, params);
      if (rows[0]) noteAudit({ targetType: 'api-client', targetId: rows[0].key_id });
      return rows;
    });
  }
}
