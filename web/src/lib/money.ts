/**
 * Money on screen. The API speaks integer fen (分) only; these turn fen into “¥50,000.00” and
 * what a clerk types in yuan back into fen, with integer arithmetic and no float rounding.
 */

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 5000000 → “¥50,000.00”; −12345 → “-¥123.45”; null/undefined → “—”. */
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  const whole = Math.trunc(fen);
  const sign = whole < 0 ? '-' : '';
  const abs = Math.abs(whole);
  const yuan = Math.trunc(abs / 100);
  const cents = abs - yuan * 100;
  return `${sign}¥${groupThousands(String(yuan))}.${String(cents).padStart(2, '0')}`;
}

/** 123450 → “1234.50”: the value a yuan input starts from (no ¥, no separators). */
export function fenToYuanInput(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.trunc(abs / 100);
  const cents = abs - yuan * 100;
  return `${fen < 0 ? '-' : ''}${yuan}.${String(cents).padStart(2, '0')}`;
}

/** Plain digits, or digits grouped by commas in threes; then up to two decimals. */
const YUAN = /^(\d+|\d{1,3}(,\d{3})+)(\.\d{1,2})?$/;

/**
 * What a clerk typed in yuan, as fen: “1,234.5” → 123450, “¥80” → 8000, “0.01” → 1.
 * Returns null for anything else: more than two decimals, a sign, letters, a misplaced
 * comma, or an amount too large to be exact. Zero is returned as 0 (the form decides
 * whether it is allowed).
 */
export function parseYuanToFen(text: string): number | null {
  const value = text
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/，/g, ',');
  if (!YUAN.test(value)) return null;
  const [whole = '0', fraction = ''] = value.replace(/,/g, '').split('.');
  const digits = `${whole}${fraction.padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  if (digits.length > 15) return null;
  const fen = Number(digits);
  return Number.isSafeInteger(fen) ? fen : null;
}

/** 7000 basis points → “70%”, 3333 → “33.33%”. */
export function formatBasisPoints(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const rest = basisPoints - whole * 100;
  if (rest === 0) return `${whole}%`;
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`;
}

/** The largest amount a yuan input takes: 15 digits of fen, exact in a double. */
export const MAX_YUAN_INPUT = '9,999,999,999,999.99';

export type YuanInputProblem =
  | { key: 'validation.amount.empty' }
  | { key: 'validation.amount.negative' }
  | { key: 'validation.amount.decimals' }
  | { key: 'validation.amount.tooLarge'; vars: { max: string } }
  | { key: 'validation.amount.notNumber' };

/**
 * Why parseYuanToFen refused what was typed, in words a clerk can act on: a minus sign is
 * “金额不能为负”, a huge figure “金额不能超过…”, a third decimal “最多两位小数” — not one catch-all.
 */
export function yuanInputProblem(text: string): YuanInputProblem {
  const value = text
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/，/g, ',');
  if (value === '') return { key: 'validation.amount.empty' };
  if (/^[-−－]/.test(value)) return { key: 'validation.amount.negative' };
  const plain = value.replace(/,/g, '');
  if (/^\d+\.\d{3,}$/.test(plain)) return { key: 'validation.amount.decimals' };
  const whole = plain.split('.')[0] ?? '';
  if (/^\d+(\.\d*)?$/.test(plain) && whole.replace(/^0+/, '').length > 13) {
    return { key: 'validation.amount.tooLarge', vars: { max: MAX_YUAN_INPUT } };
  }
  return { key: 'validation.amount.notNumber' };
}

/** Plain digits with up to two decimals, an optional “%” after (“33.33”, “70 %”). */
const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?\s*[%％]?$/;

/**
 * A percentage as typed, in basis points (1% = 100), exactly: “33.33” → 3333, “70%” → 7000,
 * “0.07” → 7. Decimal string arithmetic, as for yuan: 0.57 × 100 in floating point is
 * 56.99999999999999, which a Math.floor would turn into a wrong share. Returns null for a
 * third decimal, a sign, letters, or more than 100%. Zero is returned as 0 (the form decides).
 */
export function parsePercentToBasisPoints(text: string): number | null {
  const match = PERCENT.exec(text.trim());
  if (!match) return null;
  const [, whole = '0', fraction = ''] = match;
  const basisPoints = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return basisPoints <= 10_000 ? basisPoints : null;
}

/** 3333 → “33.33”, 7000 → “70”, 7 → “0.07”: the value a percentage input starts from. */
export function basisPointsToPercentInput(basisPoints: number): string {
  return formatBasisPoints(basisPoints).replace(/%$/, '');
}
