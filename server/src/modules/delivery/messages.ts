/**
 * The texts the platform sends by SMS and e-mail, and what must never outlive delivery: a
 * verification code is kept in the outbox only until it has been sent (or given up), then
 * replaced by stars, and is never written to a production log. Pure functions.
 */
import { maskMobile } from '../../domain/identifiers.js';

/** The signature every SMS starts with (required by Chinese SMS gateways). */
export const SMS_SIGNATURE = '【海安云资源券】';

const CODE_MARK = '验证码：';
const CODE_PATTERN = /验证码：(?:\d{6}|\*{6})/;
const CODE_DIGITS = /验证码：\d{6}/g;

export function verificationCodeSms(code: string, validMinutes: number): string {
  return (
    `${SMS_SIGNATURE}您正在注册“海安云”资源券服务平台，${CODE_MARK}${code}，` +
    `${validMinutes} 分钟内有效。请勿将验证码告诉他人；如非本人操作，请忽略本短信。`
  );
}

/** True for a verification-code message, before or after its code was starred out. */
export function isVerificationMessage(body: string): boolean {
  return CODE_PATTERN.test(body);
}

/** The body with every verification code replaced by stars. */
export function redactSecrets(body: string): string {
  return body.replace(CODE_DIGITS, `${CODE_MARK}******`);
}

/** Keeps an SMS short: long free text (a reviewer's reason) is cut with an ellipsis. */
export function shorten(text: string, maxCharacters: number): string {
  const characters = [...text.replace(/\s+/g, ' ').trim()];
  return characters.length <= maxCharacters
    ? characters.join('')
    : `${characters.slice(0, maxCharacters - 1).join('')}…`;
}

/** Free text to be followed by our own sentence: without its final full stop(s). */
export function withoutFinalStop(text: string): string {
  return text.trim().replace(/[。．.；;，,！!]+$/u, '');
}

/** How a recipient appears anywhere but the gateway call: 138****1234 or a***@example.com. */
export function maskRecipient(channel: 'sms' | 'email', to: string): string {
  if (channel === 'sms') return maskMobile(to);
  const at = to.lastIndexOf('@');
  if (at < 1) return '***';
  return `${to.charAt(0)}***${to.slice(at)}`;
}
