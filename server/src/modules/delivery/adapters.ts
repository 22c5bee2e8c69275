/**
 * How SMS and e-mail leave the platform. The default adapters write each message to the
 * server log (outside production, the whole text, so a demo or an acceptance script can read a
 * verification code there; in production, codes are starred out). Configured with a URL and
 * a key, the HTTP adapters POST each message to a real gateway instead.
 */
import type { Config } from '../../config.js';
import { postJson } from './http-json.js';
import { maskRecipient, redactSecrets } from './messages.js';

/** The part of a pino/Fastify logger the log adapters use. */
export interface DeliveryLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** For services built without an app (scripts): the log adapters then write nowhere. */
export const silentDeliveryLogger: DeliveryLogger = { info() {}, warn() {} };

export interface SmsSender {
  /** Recorded with each message sent: 'log' or 'http'. */
  readonly provider: string;
  /** `to` is a normalised mainland mobile number; throws when the message was not accepted. */
  send(to: string, text: string): Promise<void>;
}

export interface EmailSender {
  readonly provider: string;
  send(to: string, subject: string, text: string): Promise<void>;
}

export class LogSmsSender implements SmsSender {
  readonly provider = 'log';

  constructor(
    private readonly log: DeliveryLogger,
    /** Outside production the text is logged whole, verification codes included. */
    private readonly revealSecrets: boolean,
  ) {}

  async send(to: string, text: string): Promise<void> {
    const recipient = maskRecipient('sms', to);
    const shown = this.revealSecrets ? text : redactSecrets(text);
    this.log.info({ delivery: 'sms', to: recipient }, `SMS 短信 → ${recipient}：${shown}`);
  }
}

export class LogEmailSender implements EmailSender {
  readonly provider = 'log';

  constructor(
    private readonly log: DeliveryLogger,
    private readonly revealSecrets: boolean,
  ) {}

  async send(to: string, subject: string, text: string): Promise<void> {
    const recipient = maskRecipient('email', to);
    const shown = this.revealSecrets ? text : redactSecrets(text);
    this.log.info(
      { delivery: 'email', to: recipient, subject },
      `E-mail 邮件 → ${recipient}：${subject}｜${shown}`,
    );
  }
}

/** POST { to, text } with `Authorization: Bearer <key>`; any 2xx answer counts as accepted. */
export class HttpSmsSender implements SmsSender {
  readonly provider = 'http';

  constructor(
    private readonly service: { url: string; key: string },
    private readonly timeoutMs: number,
  ) {}

  async send(to: string, text: string): Promise<void> {
    await postJson(this.service, { to, text }, this.timeoutMs);
  }
}

/** POST { to, subject, text } with `Authorization: Bearer <key>`. */
export class HttpEmailSender implements EmailSender {
  readonly provider = 'http';

  constructor(
    private readonly service: { url: string; key: string },
    private readonly timeoutMs: number,
  ) {}

  async send(to: string, subject: string, text: string): Promise<void> {
    await postJson(this.service, { to, subject, text }, this.timeoutMs);
  }
}

export interface MessageSenders {
  sms: SmsSender;
  email: EmailSender;
}

/** The senders the configuration asks for. */
export function createMessageSenders(config: Config, log: DeliveryLogger): MessageSenders {
  const { sms, email, timeoutMs } = config.delivery;
  const revealSecrets = !config.isProduction;
  if (config.isProduction && !sms) {
    log.warn(
      { delivery: 'sms' },
      'SMS_GATEWAY_URL is not set: SMS are only written to the log (verification codes starred out)',
    );
  }
  return {
    sms: sms ? new HttpSmsSender(sms, timeoutMs) : new LogSmsSender(log, revealSecrets),
    email: email ? new HttpEmailSender(email, timeoutMs) : new LogEmailSender(log, revealSecrets),
  };
}
