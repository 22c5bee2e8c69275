/**
 * RFC 6238 time-based codes (HMAC-SHA1, 6 digits, 30-second steps), as authenticator apps and
 * better-auth compute them, to find which step a code belongs to. better-auth says only whether a
 * code is valid within one step either side; a code must also never be accepted twice, so the
 * sign-in flow remembers the step it used (users.totp_last_step) and refuses that step and
 * earlier ones.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOTP_PERIOD_MS = 30_000;
/** Steps either side of now that better-auth accepts (clock drift between phone and server). */
export const TOTP_WINDOW = 1;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(input: string): Buffer {
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const character of input.replace(/=+$/, '').toUpperCase()) {
    const index = BASE32.indexOf(character);
    if (index < 0) throw new Error('not Base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

export function totpStepAt(epochMs: number): number {
  return Math.floor(epochMs / TOTP_PERIOD_MS);
}

export function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', key).update(message).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 15;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** The step within the accepted window whose code is `code`, or null when none is. */
export function matchingTotpStep(key: Buffer, code: string, epochMs: number): number | null {
  const now = totpStepAt(epochMs);
  if (!/^\d{6}$/.test(code)) return null;
  const given = Buffer.from(code);
  let matched: number | null = null;
  // Every candidate is compared, in constant time, whichever matches.
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    if (timingSafeEqual(Buffer.from(hotp(key, step)), given)) matched = step;
  }
  return matched;
}
