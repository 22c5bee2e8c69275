/**
 * Check digits and display forms of the identifiers the platform accepts. The rules and the
 * weights are those of policy-rules.md, which were verified by computation.
 */
import { isRealDate, localDateString } from './time.js';

// GB 32100-2015: 31 characters, no I, O, S, V, Z; a character's value is its index here.
const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// 3^(i−1) mod 31 for positions 1–17.
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Trims and upper-cases a credit code as typed; validate the result with isValidCreditCode. */
export function normaliseCreditCode(input: string): string {
  return input.trim().toUpperCase();
}

/**
 * The check character (position 18) for the first 17 characters of a unified social credit
 * code, or null when they cannot start one: wrong length, a character outside the alphabet,
 * or a non-digit in the region code (characters 3–8).
 */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17 || !/^\d{6}$/.test(first17.slice(2, 8))) return null;
  let sum = 0;
  for (const [index, weight] of CREDIT_CODE_WEIGHTS.entries()) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17.charAt(index));
    if (value < 0) return null;
    sum += value * weight;
  }
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** Checks a code in its normalised form (upper case, no surrounding spaces). */
export function isValidCreditCode(code: string): boolean {
  return code.length === 18 && creditCodeCheckChar(code.slice(0, 17)) === code.charAt(17);
}

// GB 11643-1999, ISO 7064 MOD 11-2: 2^(18−i) mod 11 for positions 1–17.
const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK_CHARS = '10X98765432';

export type ResidentIdResult =
  | { ok: true; normalised: string; birthDate: string }
  | { ok: false; reason: 'LENGTH' | 'FORMAT' | 'CHECK_DIGIT' | 'BIRTH_DATE' };

/**
 * Validates an 18-character resident ID number. `today` and `timeZone` decide what "not in
 * the future" means for the birth date (characters 7–14), which must also be a real date:
 * the check digit alone accepts 31 February. A trailing x is upper-cased.
 */
export function validateResidentId(id: string, today: Date, timeZone: string): ResidentIdResult {
  const normalised = id.trim().toUpperCase();
  if (normalised.length !== 18) return { ok: false, reason: 'LENGTH' };
  if (!/^\d{17}[\dX]$/.test(normalised)) return { ok: false, reason: 'FORMAT' };

  let sum = 0;
  for (const [index, weight] of RESIDENT_ID_WEIGHTS.entries()) {
    sum += Number(normalised.charAt(index)) * weight;
  }
  if (RESIDENT_ID_CHECK_CHARS.charAt(sum % 11) !== normalised.charAt(17)) {
    return { ok: false, reason: 'CHECK_DIGIT' };
  }

  const year = normalised.slice(6, 10);
  const month = normalised.slice(10, 12);
  const day = normalised.slice(12, 14);
  const birthDate = `${year}-${month}-${day}`;
  const isReal = isRealDate({ year: Number(year), month: Number(month), day: Number(day) });
  // Both are zero-padded YYYY-MM-DD, so string order is date order.
  if (!isReal || birthDate > localDateString(today, timeZone)) {
    return { ok: false, reason: 'BIRTH_DATE' };
  }
  return { ok: true, normalised, birthDate };
}

/**
 * A mainland mobile number in its stored form: 11 digits starting with 1. Spaces and dashes
 * are dropped, as is a leading +86 or 86. Anything else gives null.
 */
export function normaliseMobile(input: string): string | null {
  const match = /^(?:\+?86)?(1\d{10})$/.exec(input.replace(/[\s-]/g, ''));
  return match?.[1] ?? null;
}

/** Keeps the first and last characters visible; a value too short to hide anything is all stars. */
function maskMiddle(value: string, visibleStart: number, visibleEnd: number): string {
  if (value.length <= visibleStart + visibleEnd) return '*'.repeat(value.length);
  const hidden = value.length - visibleStart - visibleEnd;
  return value.slice(0, visibleStart) + '*'.repeat(hidden) + value.slice(value.length - visibleEnd);
}

/** '13812341234' → '138****1234'; expects the stored (normalised) number. */
export function maskMobile(mobile: string): string {
  return maskMiddle(mobile, 3, 4);
}

/** '11010519491231002X' → '110***********002X'. */
export function maskResidentId(id: string): string {
  return maskMiddle(id, 3, 4);
}
