/**
 * The outbox of SMS and e-mail (outbound_messages). A message is written in the same
 * transaction as the change it reports, tried once right after that transaction commits, and
 * retried by a scheduled job until it is sent or has failed MAX_ATTEMPTS times. Recipients are
 * stored encrypted (with a masked copy for display); verification codes are starred out once
 * their message is sent or given up, and a code message that could not be sent while the code
 * was valid is given up rather than sent late.
 *
 * Each attempt is claimed by a compare-and-set on `attempts`, so the immediate try and the job
 * (or two instances) never send the same attempt twice.
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { DeliveryLogger, MessageSenders } from './adapters.js';
import { isVerificationMessage, maskRecipient, redactSecrets } from './messages.js';

export const MAX_ATTEMPTS = 5;
/** The job leaves a new message this long to its immediate try. */
const RETRY_AFTER_MS = 60_000;
/** A verification-code message not sent within this is given up (the code has expired). */
export const CODE_MESSAGE_LIFETIME_MS = 5 * 60_000;
const JOB_BATCH = 100;

export interface OutboundMessage {
  channel: 'sms' | 'email';
  /** A normalised mobile number, or an e-mail address. */
  to: string;
  /** E-mail only. */
  subject?: string;
  body: string;
}

export interface OutboxView {
  id: string;
  channel: 'sms' | 'email';
  recipientMasked: string;
  subject: string | null;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

interface Row {
  id: string;
  channel: 'sms' | 'email';
  recipient_ciphertext: string;
  recipient_masked: string;
  subject: string | null;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export class OutboxService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly secretBox: SecretBox,
    private readonly senders: MessageSenders,
    private readonly log: DeliveryLogger,
  ) {}

  /** Queues a message inside the caller's transaction; returns its id for `deliver`. */
  async enqueue(message: OutboundMessage, sql?: RawSql): Promise<string> {
    // Without the caller's transaction, one of its own, for the audit row (D-audit-tx-4).
    if (!sql) return this.database.raw.transaction((tx) => this.enqueue(message, tx));
    const id = randomUUID();
    await sql.query(
      `INSERT INTO outbound_messages (id, channel, recipient_ciphertext, recipient_masked, subject,
         body, status, attempts, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7)`,
      [
        id,
        message.channel,
        this.secretBox.seal(message.to),
        maskRecipient(message.channel, message.to),
        message.subject ?? null,
        message.body,
        this.clock.now(),
      ],
    );
    return id;
  }

  /** Tries each message once now (after the enqueuing transaction committed); never throws. */
  async deliver(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      await this.attempt(id).catch((error: unknown) => {
        this.log.warn({ delivery: 'outbox', messageId: id, err: error }, 'outbox attempt failed');
      });
    }
  }

  /** The job: retries what is due and gives up expired code messages. */
  async deliverDue(): Promise<{ sent: number; failed: number; expired: number }> {
    const now = this.clock.now().getTime();
    const rows = await this.database.raw.query<Row>(
      `SELECT * FROM outbound_messages
        WHERE status IN ('pending', 'failed') AND attempts < $1 AND created_at <= $2
        ORDER BY created_at, id LIMIT $3`,
      [MAX_ATTEMPTS, new Date(now - RETRY_AFTER_MS), JOB_BATCH],
    );
    const tally = { sent: 0, failed: 0, expired: 0 };
    for (const row of rows) {
      const age = now - new Date(row.created_at).getTime();
      if (isVerificationMessage(row.body) && age > CODE_MESSAGE_LIFETIME_MS) {
        await this.giveUp(row, '验证码已过期，不再发送 code expired before it could be sent');
        tally.expired += 1;
        continue;
      }
      const outcome = await this.attempt(row.id).catch(() => 'failed' as const);
      if (outcome === 'sent') tally.sent += 1;
      else if (outcome === 'failed') tally.failed += 1;
    }
    return tally;
  }

  /** Messages for one masked recipient, newest first; for tests and support. */
  async listFor(recipientMasked: string): Promise<OutboxView[]> {
    const rows = await this.database.raw.query<Row>(
      `SELECT * FROM outbound_messages WHERE recipient_masked = $1
        ORDER BY created_at DESC, id DESC LIMIT 100`,
      [recipientMasked],
    );
    return rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      recipientMasked: row.recipient_masked,
      subject: row.subject,
      body: row.body,
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: new Date(row.created_at).toISOString(),
      sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
    }));
  }

  /** One attempt: claim it, send, record the outcome. 'skipped' when there is nothing to do. */
  private async attempt(id: string): Promise<'sent' | 'failed' | 'skipped'> {
    const [current] = await this.database.raw.query<Row>(
      'SELECT * FROM outbound_messages WHERE id = $1',
      [id],
    );
    if (!current || current.status === 'sent' || current.attempts >= MAX_ATTEMPTS) {
      return 'skipped';
    }
    const [claimed] = await this.change<Row>(
      `UPDATE outbound_messages SET attempts = attempts + 1
        WHERE id = $1 AND attempts = $2 AND status <> 'sent' RETURNING *`,
      [id, current.attempts],
    );
    if (!claimed) return 'skipped';
    const to = this.secretBox.open(claimed.recipient_ciphertext);
    try {
      if (claimed.channel === 'sms') await this.senders.sms.send(to, claimed.body);
      else await this.senders.email.send(to, claimed.subject ?? '', claimed.body);
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const finalAttempt = claimed.attempts >= MAX_ATTEMPTS;
      await this.change(
        `UPDATE outbound_messages SET status = 'failed', last_error = $3, body = $4
          WHERE id = $1 AND attempts = $2`,
        [id, claimed.attempts, message, finalAttempt ? redactSecrets(claimed.body) : claimed.body],
      );
      this.log.warn(
        { delivery: claimed.channel, messageId: id, attempt: claimed.attempts, error: message },
        `message to ${claimed.recipient_masked} not sent`,
      );
      return 'failed';
    }
    await this.change(
      `UPDATE outbound_messages SET status = 'sent', sent_at = $3, last_error = NULL, body = $4
        WHERE id = $1 AND attempts = $2`,
      [id, claimed.attempts, this.clock.now(), redactSecrets(claimed.body)],
    );
    return 'sent';
  }

  private async giveUp(row: Row, reason: string): Promise<void> {
    await this.change(
      `UPDATE outbound_messages SET status = 'failed', attempts = $3, last_error = $4, body = $5
        WHERE id = $1 AND attempts = $2`,
      [row.id, row.attempts, MAX_ATTEMPTS, reason, redactSecrets(row.body)],
    );
  }

  /**
   * One change of a message's delivery state, in a transaction of its own (D-audit-tx-4): the
   * send job's audit row commits with it. Not one transaction around the send: that would
   * hold a connection (and on PGlite the whole database) while the gateway answers.
   */
  private change<T = Record<string, unknown>>(text: string, params: unknown[]): Promise<T[]> {
    return this.database.raw.transaction((tx) => tx.query<T>(text, params));
  }
}
