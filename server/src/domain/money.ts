import { DomainError } from './errors.js';

/** An amount in fen (分): the only unit the platform stores or computes money in. */
export type Fen = number;

export function assertFen(value: number, what = 'amount'): void {
  if (!Number.isSafeInteger(value)) {
    throw new DomainError('INVALID_AMOUNT', `${what} must be a whole number of fen, got ${value}`);
  }
}

/** Whole yuan and the fen left over, of a non-negative amount. */
function splitYuan(fen: Fen): { yuan: number; cents: number } {
  const cents = fen % 100;
  return { yuan: (fen - cents) / 100, cents };
}

/** 5000000 → '¥50,000.00'; -150 → '-¥1.50'. */
export function formatYuan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const { yuan, cents } = splitYuan(Math.abs(fen));
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${grouped}.${String(cents).padStart(2, '0')}`;
}

// Either plain digits or correctly grouped thousands; at most two decimals (fen is the smallest
// unit, so a third decimal is a mistake to report, not to round away).
const YUAN_PATTERN = /^(-)?[¥￥]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a yuan amount as typed or as `formatYuan` prints it ('50,000.5', '¥50,000.00',
 * '-1.5') into fen, exactly: decimal string arithmetic, never a float multiplication.
 * Returns null for anything else, including amounts beyond Number.MAX_SAFE_INTEGER fen.
 */
export function parseYuanToFen(input: string): Fen | null {
  const match = YUAN_PATTERN.exec(input.trim());
  if (!match) return null;
  const [, minus, integerDigits = '', fractionDigits = ''] = match;
  const magnitude =
    BigInt(integerDigits.replaceAll(',', '')) * 100n + BigInt(fractionDigits.padEnd(2, '0'));
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(minus ? -magnitude : magnitude);
}

const CAPITAL_DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = [
  [1000, '仟'],
  [100, '佰'],
  [10, '拾'],
  [1, ''],
] as const;

function capitalDigit(digit: number): string {
  return CAPITAL_DIGITS.charAt(digit);
}

/** 1–9999; an inner run of zeros reads as one 零, trailing zeros as nothing (1010 → 壹仟零壹拾). */
function belowTenThousandToCapital(value: number): string {
  let text = '';
  let zeroPending = false;
  for (const [placeValue, unit] of PLACES) {
    const digit = Math.floor(value / placeValue) % 10;
    if (digit === 0) {
      zeroPending = text !== '';
      continue;
    }
    if (zeroPending) text += '零';
    zeroPending = false;
    text += capitalDigit(digit) + unit;
  }
  return text;
}

/**
 * A positive whole number of yuan. Above 亿 the high part is itself read with 万
 * (1,2000,0000,0000 → 壹万贰仟亿). A lower group that does not fill its top place is
 * introduced by one 零 (1,000,001 → 壹佰万零壹); one that does is not (107,000 → 壹拾万柒仟,
 * the form the bank rules allow without 零).
 */
function yuanToCapital(yuan: number): string {
  if (yuan >= 1e8) return withLowerGroup(yuan, 1e8, '亿');
  if (yuan >= 1e4) return withLowerGroup(yuan, 1e4, '万');
  return belowTenThousandToCapital(yuan);
}

function withLowerGroup(yuan: number, groupSize: number, unit: string): string {
  const lower = yuan % groupSize;
  const upper = (yuan - lower) / groupSize;
  let text = yuanToCapital(upper) + unit;
  if (lower > 0) text += (lower < groupSize / 10 ? '零' : '') + yuanToCapital(lower);
  return text;
}

/**
 * The amount in Chinese capitals (人民币大写) as formal documents print it, following the
 * rules for filling in bills (正确填写票据和结算凭证的基本规定):
 * 5000000 → 伍万元整; 1234567 → 壹万贰仟叁佰肆拾伍元陆角柒分; 0 → 零元整; 105 → 壹元零伍分;
 * 5 → 伍分. Ending in 角, we write 整 too (壹角整): the rules allow it either way, and 整 leaves
 * no room to append a 分 figure. A negative amount (a reversal) is prefixed with 负.
 */
export function toChineseCapital(fen: Fen): string {
  assertFen(fen);
  if (fen < 0) return `负${toChineseCapital(-fen)}`;
  if (fen === 0) return '零元整';
  const { yuan, cents } = splitYuan(fen);
  const yuanText = yuan > 0 ? `${yuanToCapital(yuan)}元` : '';
  if (cents === 0) return `${yuanText}整`;
  const jiao = Math.floor(cents / 10);
  const fenDigit = cents % 10;
  // With 角 zero and 分 not, the rules require 零 after 元 (壹元零伍分) but none without 元 (伍分).
  const jiaoText = jiao > 0 ? `${capitalDigit(jiao)}角` : yuan > 0 ? '零' : '';
  const fenText = fenDigit > 0 ? `${capitalDigit(fenDigit)}分` : '整';
  return yuanText + jiaoText + fenText;
}
