/**
 * 统一社会信用代码 (GB 32100-2015) as typed: trimmed, upper-cased, and checked for shape
 * (18 characters of the code's alphabet). The server checks the check character.
 */
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export function normaliseCreditCode(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

export function isCreditCodeShape(code: string): boolean {
  return SHAPE.test(code);
}
