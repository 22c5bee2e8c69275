/**
 * The delivery adapters against a real local HTTP service, the log adapters, the outbox's
 * retries and give-ups on the platform clock, and the built-in real-name check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { SecretBox } from '../../src/lib/secret-box.js';
import {
  HttpEmailSender,
  HttpSmsSender,
  LogSmsSender,
  type SmsSender,
} from '../../src/modules/delivery/adapters.js';
import { DeliveryError } from '../../src/modules/delivery/http-json.js';
import {
  isVerificationMessage,
  maskRecipient,
  redactSecrets,
  shorten,
  verificationCodeSms,
  withoutFinalStop,
} from '../../src/modules/delivery/messages.js';
import { MAX_ATTEMPTS, OutboxService } from '../../src/modules/delivery/outbox.service.js';
import {
  HttpRealNameVerifier,
  LocalRealNameVerifier,
  localResidentIdCheck,
} from '../../src/modules/delivery/real-name.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { type FakeService, startFakeService } from './fake-service.js';

let service: FakeService;

beforeAll(async () => {
  service = await startFakeService();
});
afterAll(async () => {
  await service.close();
});

describe('messages', () => {
  it('stars out verification codes and nothing else', () => {
    const sms = verificationCodeSms('042917', 5);
    expect(sms).toMatch(/^【海安云资源券】/);
    expect(sms).toContain('验证码：042917');
    expect(isVerificationMessage(sms)).toBe(true);
    const redacted = redactSecrets(sms);
    expect(redacted).not.toContain('042917');
    expect(redacted).toContain('验证码：******');
    expect(isVerificationMessage(redacted)).toBe(true);
    const other = '【海安云资源券】您的企业认证被退回：第 123456 号文件不清晰';
    expect(redactSecrets(other)).toBe(other);
    expect(isVerificationMessage(other)).toBe(false);
  });

  it('masks recipients and shortens long text', () => {
    expect(maskRecipient('sms', '13812341234')).toBe('138****1234');
    expect(maskRecipient('email', 'zhang.san@example.com')).toBe('z***@example.com');
    expect(shorten('营业执照  不清晰', 20)).toBe('营业执照 不清晰');
    expect(shorten('一二三四五六七八九十', 5)).toBe('一二三四…');
    expect(withoutFinalStop('请加盖公章。')).toBe('请加盖公章');
    expect(withoutFinalStop('请核对；')).toBe('请核对');
    expect(withoutFinalStop('v1.2 不清晰')).toBe('v1.2 不清晰');
  });
});

describe('HTTP SMS and e-mail adapters', () => {
  it('POST the message as JSON with the Bearer key', async () => {
    service.respond({ status: 200, json: { accepted: true } });
    const sms = new HttpSmsSender({ url: service.url, key: 'sms-key' }, 2000);
    await sms.send('13812341234', '【海安云资源券】测试');
    const request = service.received.at(-1);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/send',
      body: { to: '13812341234', text: '【海安云资源券】测试' },
    });
    expect(request?.headers.authorization).toBe('Bearer sms-key');
    expect(request?.headers['content-type']).toContain('application/json');

    const email = new HttpEmailSender({ url: service.url, key: 'mail-key' }, 2000);
    await email.send('a@example.com', '主题', '正文');
    expect(service.received.at(-1)?.body).toEqual({
      to: 'a@example.com',
      subject: '主题',
      text: '正文',
    });
    expect(service.received.at(-1)?.headers.authorization).toBe('Bearer mail-key');
  });

  it('fail on an error status, a slow answer or no service, without showing the key', async () => {
    const sms = new HttpSmsSender({ url: service.url, key: 'secret-key' }, 300);
    service.respond({ status: 503, text: 'busy' });
    await expect(sms.send('13812341234', 'x')).rejects.toThrow(/HTTP 503 busy/);
    service.respond({ status: 200, json: {}, delayMs: 1000 });
    await expect(sms.send('13812341234', 'x')).rejects.toThrow(/no answer within 300 ms/);
    const nowhere = new HttpSmsSender({ url: 'http://127.0.0.1:9/send', key: 'secret-key' }, 300);
    const error = await nowhere.send('13812341234', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(String(error)).not.toContain('secret-key');
  });
});

describe('log adapters', () => {
  function recorder() {
    const lines: { details: object; message: string }[] = [];
    return {
      lines,
      log: {
        info: (details: object, message: string) => lines.push({ details, message }),
        warn: (details: object, message: string) => lines.push({ details, message }),
      },
    };
  }

  it('write the whole text outside production, with the number masked', async () => {
    const { lines, log } = recorder();
    await new LogSmsSender(log, true).send('13812341234', verificationCodeSms('123456', 5));
    expect(lines[0]?.message).toContain('138****1234');
    expect(lines[0]?.message).toContain('验证码：123456');
    expect(JSON.stringify(lines)).not.toContain('13812341234');
  });

  it('star out codes in production', async () => {
    const { lines, log } = recorder();
    await new LogSmsSender(log, false).send('13812341234', verificationCodeSms('123456', 5));
    expect(lines[0]?.message).not.toContain('123456');
    expect(lines[0]?.message).toContain('验证码：******');
  });
});

describe('real-name verification', () => {
  const today = new Date('2026-03-02T02:00:00Z');

  it.each([
    ['11010519491231002X', true, null],
    ['11010519491231002x', true, null],
    ['440306199001011236', true, null],
    ['510107198511110030', true, null],
    ['110105194912310021', false, 'CHECK_DIGIT'],
    ['440306199001012136', false, 'CHECK_DIGIT'],
    ['110105194902310026', false, 'BIRTH_DATE'],
    ['310115190002294560', false, 'BIRTH_DATE'],
    ['11010519491231002', false, 'LENGTH'],
    ['1101051949123100AX', false, 'FORMAT'],
  ])('local check of %s → ok %s (%s)', (id, ok, reason) => {
    const result = localResidentIdCheck(id, today, 'Asia/Shanghai');
    expect(result).toMatchObject({ provider: 'local-check', ok, reason, nameChecked: false });
    expect(result.message.length).toBeGreaterThan(0);
  });

  it('the local verifier says it did not compare the name', async () => {
    const verifier = new LocalRealNameVerifier(new ManualClock(today), 'Asia/Shanghai');
    const result = await verifier.verify({ idNumber: '11010519491231002X' });
    expect(result).toMatchObject({ ok: true, nameChecked: false });
    expect(result.message).toContain('未核对姓名');
  });

  it('the HTTP verifier asks the service and reports its answer', async () => {
    const clock = new ManualClock(today);
    const verifier = new HttpRealNameVerifier({ url: service.url, key: 'rn-key' }, 500, clock);
    service.respond({ json: { match: true } });
    expect(await verifier.verify({ name: '张三', idNumber: '11010519491231002X' })).toMatchObject({
      provider: 'http',
      ok: true,
      nameChecked: true,
      reason: null,
    });
    expect(service.received.at(-1)?.body).toEqual({ name: '张三', idNumber: '11010519491231002X' });
    expect(service.received.at(-1)?.headers.authorization).toBe('Bearer rn-key');

    service.respond({ json: { match: false } });
    expect(await verifier.verify({ name: '李四', idNumber: '11010519491231002X' })).toMatchObject({
      ok: false,
      nameChecked: true,
      reason: 'NAME_MISMATCH',
    });

    for (const answer of [{ status: 500, json: {} }, { json: { unexpected: 1 } }, { text: 'x' }]) {
      service.respond(answer);
      expect(await verifier.verify({ name: '张三', idNumber: '11010519491231002X' })).toMatchObject(
        {
          ok: false,
          nameChecked: false,
          reason: 'PROVIDER_UNAVAILABLE',
        },
      );
    }
  });
});

describe('configuration', () => {
  it('wants a URL and a key together', () => {
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'http://127.0.0.1:1/sms' })).toThrow(
      /SMS_GATEWAY_KEY: required when SMS_GATEWAY_URL is set/,
    );
    expect(() => loadConfig({ REAL_NAME_KEY: 'k' })).toThrow(/REAL_NAME_URL: required/);
    expect(() => loadConfig({ EMAIL_GATEWAY_URL: 'ftp://x', EMAIL_GATEWAY_KEY: 'k' })).toThrow(
      /EMAIL_GATEWAY_URL/,
    );
    const config = loadConfig({
      SMS_GATEWAY_URL: 'https://sms.example/send',
      SMS_GATEWAY_KEY: 'k',
    });
    expect(config.delivery).toEqual({
      sms: { url: 'https://sms.example/send', key: 'k' },
      email: null,
      realName: null,
      timeoutMs: 10_000,
    });
  });
});

describe('outbox', () => {
  let db: TestDatabase;
  let clock: ManualClock;
  let outbox: OutboxService;
  const box = new SecretBox(Buffer.alloc(32, 7));
  const quiet = { info() {}, warn() {} };

  beforeAll(async () => {
    db = await createTestDatabase();
    clock = new ManualClock('2026-03-02T02:00:00Z');
    const sms: SmsSender = new HttpSmsSender({ url: service.url, key: 'k' }, 500);
    const email = new HttpEmailSender({ url: service.url, key: 'k' }, 500);
    outbox = new OutboxService(db.database, clock, box, { sms, email }, quiet);
  });
  afterAll(async () => {
    await db.close();
  });

  async function row(id: string) {
    const [found] = await db.database.raw.query<{
      status: string;
      attempts: number;
      body: string;
      last_error: string | null;
      recipient_ciphertext: string;
      recipient_masked: string;
    }>('SELECT * FROM outbound_messages WHERE id = $1', [id]);
    return found!;
  }

  it('stores the recipient encrypted, sends at once, and records success', async () => {
    service.respond({ json: {} });
    const id = await outbox.enqueue({
      channel: 'sms',
      to: '13600001234',
      body: '【海安云资源券】你好',
    });
    const stored = await row(id);
    expect(stored.recipient_masked).toBe('136****1234');
    expect(stored.recipient_ciphertext).not.toContain('13600001234');
    expect(box.open(stored.recipient_ciphertext)).toBe('13600001234');
    await outbox.deliver([id]);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    // Delivered messages are not sent again.
    await outbox.deliver([id]);
    clock.advance(120_000);
    await outbox.deliverDue();
    expect((await row(id)).attempts).toBe(1);
  });

  it('retries a failed message from the job, then gives up after five attempts', async () => {
    service.respond({ status: 502, text: 'gateway down' });
    const id = await outbox.enqueue({
      channel: 'sms',
      to: '13600005678',
      body: '【海安云资源券】重试',
    });
    await outbox.deliver([id]);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await row(id)).last_error).toContain('HTTP 502');

    // The job leaves a message alone for a minute after it was written.
    await outbox.deliverDue();
    expect((await row(id)).attempts).toBe(1);
    clock.advance(61_000);
    const tally = await outbox.deliverDue();
    expect(tally.failed).toBeGreaterThanOrEqual(1);
    expect((await row(id)).attempts).toBe(2);

    service.respond({ json: {} });
    clock.advance(61_000);
    await outbox.deliverDue();
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });

    service.respond({ status: 500, text: 'no' });
    const doomed = await outbox.enqueue({
      channel: 'email',
      to: 'x@example.com',
      subject: '主题',
      body: '正文',
    });
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await outbox.deliver([doomed]);
      clock.advance(61_000);
      await outbox.deliverDue();
    }
    expect(await row(doomed)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    service.respond({ json: {} });
  });

  it('gives up a code message that could not be sent while the code was valid', async () => {
    service.respond({ status: 503, text: 'down' });
    const id = await outbox.enqueue({
      channel: 'sms',
      to: '13600009999',
      body: verificationCodeSms('654321', 5),
    });
    await outbox.deliver([id]);
    expect((await row(id)).body).toContain('654321');
    service.respond({ json: {} });
    clock.advance(6 * 60_000);
    const tally = await outbox.deliverDue();
    expect(tally.expired).toBe(1);
    const given = await row(id);
    expect(given).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(given.body).not.toContain('654321');
    expect(given.last_error).toContain('过期');
  });
});
