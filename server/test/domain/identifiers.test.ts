import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  creditCodeCheckChar,
  isValidCreditCode,
  maskMobile,
  maskResidentId,
  normaliseCreditCode,
  normaliseMobile,
  validateResidentId,
} from '../../src/domain/identifiers.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const SHANGHAI = 'Asia/Shanghai';
const TODAY = new Date('2025-06-01T12:00:00+08:00');

describe('unified social credit code (GB 32100-2015)', () => {
  // policy-rules.md, "Identifiers", line by line.
  it.each(['91350100M000100Y43', '91110105MA01ABCD5F', '52440300MJL123454Y', '91310115MA1H8R7C41'])(
    'accepts %s',
    (code) => {
      expect(isValidCreditCode(code)).toBe(true);
      expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code.charAt(17));
    },
  );

  it.each([
    ['91350100M000100Y4Z', 'wrong check character'],
    ['91110105MA01ABCD5G', 'wrong check character'],
    ['52440300MJL12345Y4', 'last two characters swapped'],
    ['91310115MAIH8R7C41', 'contains I'],
    ['91310115MA1H8R7C4', '17 characters'],
  ])('rejects %s (%s)', (code) => {
    expect(isValidCreditCode(code)).toBe(false);
  });

  it.each([
    ['91A50100M000100Y4', 'a letter in the region code'],
    ['91350100M000100Y', '16 characters'],
    ['91350100M000100YO', 'contains O'],
    ['91350100m000100Y4', 'lower case'],
  ])('has no check character for %s (%s), so no 18th character makes it valid', (prefix) => {
    expect(creditCodeCheckChar(prefix)).toBeNull();
    for (const last of ALPHABET) expect(isValidCreditCode(prefix + last)).toBe(false);
  });

  it('validates only the normalised form; normaliseCreditCode trims and upper-cases', () => {
    expect(isValidCreditCode('91110105ma01abcd5f')).toBe(false);
    expect(isValidCreditCode(' 91110105MA01ABCD5F')).toBe(false);
    expect(normaliseCreditCode(' 91110105ma01abcd5f\n')).toBe('91110105MA01ABCD5F');
    expect(isValidCreditCode(normaliseCreditCode(' 91110105ma01abcd5f\n'))).toBe(true);
  });

  const alphabetChar = fc.constantFrom(...ALPHABET);
  const prefix17 = fc
    .tuple(
      fc.string({ unit: alphabetChar, minLength: 2, maxLength: 2 }),
      fc.stringMatching(/^\d{6}$/),
      fc.string({ unit: alphabetChar, minLength: 9, maxLength: 9 }),
    )
    .map((parts) => parts.join(''));

  it('completes any well-formed prefix to a valid code that detects every single substitution', () => {
    fc.assert(
      fc.property(
        prefix17,
        fc.nat({ max: 17 }),
        fc.integer({ min: 1, max: 30 }),
        (prefix, position, shift) => {
          const check = creditCodeCheckChar(prefix);
          expect(check).not.toBeNull();
          const code = prefix + check;
          expect(isValidCreditCode(code)).toBe(true);

          const original = ALPHABET.indexOf(code.charAt(position));
          const replacement = ALPHABET.charAt((original + shift) % 31);
          const altered = code.slice(0, position) + replacement + code.slice(position + 1);
          expect(isValidCreditCode(altered)).toBe(false);
        },
      ),
    );
  });
});

describe('resident ID number (GB 11643-1999)', () => {
  it.each([
    ['11010519491231002X', '1949-12-31'],
    ['440306199001011236', '1990-01-01'],
    ['510107198511110030', '1985-11-11'],
  ])('accepts %s, born %s', (id, birthDate) => {
    expect(validateResidentId(id, TODAY, SHANGHAI)).toEqual({
      ok: true,
      normalised: id,
      birthDate,
    });
  });

  it('upper-cases a trailing x and trims', () => {
    expect(validateResidentId(' 11010519491231002x ', TODAY, SHANGHAI)).toEqual({
      ok: true,
      normalised: '11010519491231002X',
      birthDate: '1949-12-31',
    });
  });

  it.each([
    ['110105194912310021', 'CHECK_DIGIT'],
    ['440306199001012136', 'CHECK_DIGIT'],
    ['310115190002294560', 'BIRTH_DATE'], // 1900 had no 29 February; check digit passes
    ['110105194902310026', 'BIRTH_DATE'], // 31 February; check digit passes
    ['11010519491231002', 'LENGTH'],
    ['11010519491231002X1', 'LENGTH'],
    ['', 'LENGTH'],
    ['1101051949123100X2', 'FORMAT'], // X only as the check character
    ['11010519491231002Y', 'FORMAT'],
    ['１１0105194912310021', 'FORMAT'], // full-width digits
  ])('rejects %s: %s', (id, reason) => {
    expect(validateResidentId(id, TODAY, SHANGHAI)).toEqual({ ok: false, reason });
  });

  it('rejects a birth date after today in the business time zone, not in UTC', () => {
    const id = '440306199001011236'; // born 1990-01-01
    const newYearsEveInShanghai = new Date('1989-12-31T23:30:00+08:00');
    const newYearsDayInShanghai = new Date('1990-01-01T00:30:00+08:00'); // still 31 Dec in UTC
    expect(validateResidentId(id, newYearsEveInShanghai, SHANGHAI)).toEqual({
      ok: false,
      reason: 'BIRTH_DATE',
    });
    expect(validateResidentId(id, newYearsDayInShanghai, SHANGHAI).ok).toBe(true);
    expect(validateResidentId(id, newYearsDayInShanghai, 'UTC')).toEqual({
      ok: false,
      reason: 'BIRTH_DATE',
    });
  });
});

describe('mobile numbers', () => {
  it.each([
    '13812341234',
    '138 1234 1234',
    '138-1234-1234',
    '+86 138 1234 1234',
    '+86-138-1234-1234',
    '8613812341234',
    '+8613812341234',
    '\t13812341234\u3000',
  ])('normalises %j to 13812341234', (input) => {
    expect(normaliseMobile(input)).toBe('13812341234');
  });

  it.each([
    '',
    '1381234123', // 10 digits
    '138123412345', // 12 digits
    '23812341234', // does not start with 1
    '+8623812341234',
    '+13812341234', // + without 86
    '008613812341234',
    '138.1234.1234',
    '１3812341234', // full-width digit
    'abcdefghijk',
  ])('refuses %j', (input) => {
    expect(normaliseMobile(input)).toBeNull();
  });
});

describe('masking', () => {
  it('shows the first 3 and last 4 characters', () => {
    expect(maskMobile('13812341234')).toBe('138****1234');
    expect(maskResidentId('11010519491231002X')).toBe('110***********002X');
  });

  it('hides a value too short to show anything without revealing it whole', () => {
    expect(maskMobile('1381234')).toBe('*******');
    expect(maskResidentId('')).toBe('');
  });
});
