import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import {
  addCalendarMonths,
  localDate,
  localDateString,
  localYear,
  localYearMonth,
  startOfLocalDay,
  startOfLocalMonth,
  startOfNextLocalMonth,
  zonedMidnightToInstant,
} from '../../src/domain/time.js';

const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';
const at = (iso: string) => new Date(iso);

describe('local calendar readings', () => {
  it.each([
    ['2024-03-15T15:30:00Z', SHANGHAI, '2024-03-15'], // 23:30 in Shanghai
    ['2024-03-15T16:30:00Z', SHANGHAI, '2024-03-16'], // 00:30 in Shanghai, previous UTC day
    ['2024-03-15T16:30:00Z', 'UTC', '2024-03-15'],
    ['2024-03-10T04:30:00Z', NEW_YORK, '2024-03-09'],
    ['0099-06-01T00:00:00Z', 'UTC', '0099-06-01'],
  ])('%s in %s is %s', (iso, zone, date) => {
    expect(localDateString(at(iso), zone)).toBe(date);
  });

  it('reads year and month in the zone', () => {
    const newYearInShanghai = at('2024-12-31T16:30:00Z');
    expect(localYearMonth(newYearInShanghai, SHANGHAI)).toEqual({ year: 2025, month: 1 });
    expect(localYearMonth(newYearInShanghai, 'UTC')).toEqual({ year: 2024, month: 12 });
    expect(localYear(newYearInShanghai, SHANGHAI)).toBe(2025);
    expect(localYear(newYearInShanghai, 'UTC')).toBe(2024);
  });

  it('refuses an Invalid Date', () => {
    expect(() => localDateString(new Date(Number.NaN), SHANGHAI)).toThrow(DomainError);
  });
});

describe('zonedMidnightToInstant', () => {
  it.each([
    [2025, 3, 1, SHANGHAI, '2025-02-28T16:00:00.000Z'],
    [2024, 2, 29, SHANGHAI, '2024-02-28T16:00:00.000Z'],
    [2024, 1, 1, 'UTC', '2024-01-01T00:00:00.000Z'],
    // New York changes at 02:00: midnight exists, but the offset differs either side.
    [2024, 3, 10, NEW_YORK, '2024-03-10T05:00:00.000Z'],
    [2024, 3, 11, NEW_YORK, '2024-03-11T04:00:00.000Z'],
    [2024, 11, 3, NEW_YORK, '2024-11-03T04:00:00.000Z'],
    [2024, 11, 4, NEW_YORK, '2024-11-04T05:00:00.000Z'],
    // Clocks jumped from 00:00 to 01:00: the day starts at the jump.
    [2018, 11, 4, 'America/Sao_Paulo', '2018-11-04T03:00:00.000Z'],
    [2024, 3, 10, 'America/Havana', '2024-03-10T05:00:00.000Z'],
    // Clocks went back from 01:00 to 00:00: the first midnight.
    [2023, 11, 5, 'America/Havana', '2023-11-05T04:00:00.000Z'],
  ])('%d-%d-%d in %s starts at %s', (year, month, day, zone, iso) => {
    expect(zonedMidnightToInstant(year, month, day, zone).toISOString()).toBe(iso);
  });

  it.each([
    [2025, 2, 29],
    [2024, 4, 31],
    [2024, 13, 1],
    [2024, 0, 1],
    [2024, 1, 0],
    [2024, 1.5, 1],
  ])('refuses %d-%d-%d, which is not a calendar day', (year, month, day) => {
    expect(() => zonedMidnightToInstant(year, month, day, SHANGHAI)).toThrow(
      expect.objectContaining({ code: 'INVALID_LOCAL_DATE' }),
    );
  });

  const zones = [
    SHANGHAI,
    NEW_YORK,
    'UTC',
    'America/Sao_Paulo',
    'America/Havana',
    'Asia/Kolkata',
    'Australia/Lord_Howe', // 30-minute DST
    'Europe/London',
  ];
  const calendarDay = fc.record({
    year: fc.integer({ min: 1971, max: 2100 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
  });

  it('gives the first instant of that local day, in any zone', () => {
    fc.assert(
      fc.property(calendarDay, fc.constantFrom(...zones), ({ year, month, day }, zone) => {
        const start = zonedMidnightToInstant(year, month, day, zone);
        expect(localDate(start, zone)).toEqual({ year, month, day });
        expect(localDate(new Date(start.getTime() - 1), zone)).not.toEqual({ year, month, day });
      }),
      {
        examples: [
          [{ year: 2018, month: 11, day: 4 }, 'America/Sao_Paulo'],
          [{ year: 2023, month: 11, day: 5 }, 'America/Havana'],
        ],
      },
    );
  });
});

describe('day and month starts', () => {
  it('startOfLocalDay drops the time of day in the zone', () => {
    expect(startOfLocalDay(at('2024-03-15T23:30:00+08:00'), SHANGHAI)).toEqual(
      at('2024-03-15T00:00:00+08:00'),
    );
    expect(startOfLocalDay(at('2024-03-16T00:30:00+08:00'), SHANGHAI)).toEqual(
      at('2024-03-16T00:00:00+08:00'),
    );
    expect(startOfLocalDay(at('2024-03-10T12:00:00-04:00'), NEW_YORK)).toEqual(
      at('2024-03-10T00:00:00-05:00'),
    );
  });

  it.each([
    [
      '2024-12-31T23:30:00+08:00',
      SHANGHAI,
      '2024-12-01T00:00:00+08:00',
      '2025-01-01T00:00:00+08:00',
    ],
    [
      '2024-03-01T00:30:00+08:00',
      SHANGHAI,
      '2024-03-01T00:00:00+08:00',
      '2024-04-01T00:00:00+08:00',
    ],
    [
      '2024-02-29T23:59:59+08:00',
      SHANGHAI,
      '2024-02-01T00:00:00+08:00',
      '2024-03-01T00:00:00+08:00',
    ],
    [
      '2024-03-15T12:00:00-04:00',
      NEW_YORK,
      '2024-03-01T00:00:00-05:00',
      '2024-04-01T00:00:00-04:00',
    ],
  ])('%s in %s: month starts %s, next month %s', (iso, zone, monthStart, nextMonthStart) => {
    expect(startOfLocalMonth(at(iso), zone)).toEqual(at(monthStart));
    expect(startOfNextLocalMonth(at(iso), zone)).toEqual(at(nextMonthStart));
  });
});

describe('addCalendarMonths ("N months from D", policy-rules.md)', () => {
  it.each([
    // 29 Feb: the day does not exist in the target year → 1 March.
    ['2024-02-29T10:00:00+08:00', 12, SHANGHAI, '2025-03-01T00:00:00+08:00'],
    ['2024-02-29T10:00:00+08:00', 24, SHANGHAI, '2026-03-01T00:00:00+08:00'],
    ['2024-02-29T10:00:00+08:00', 48, SHANGHAI, '2028-02-29T00:00:00+08:00'],
    // The local date counts, not the UTC date.
    ['2024-03-15T23:30:00+08:00', 12, SHANGHAI, '2025-03-15T00:00:00+08:00'], // 15:30Z the 15th
    ['2024-03-16T00:30:00+08:00', 12, SHANGHAI, '2025-03-16T00:00:00+08:00'], // 16:30Z the 15th
    ['2024-03-15T16:30:00Z', 12, 'UTC', '2025-03-15T00:00:00Z'],
    // Month ends and year ends
    ['2024-01-31T12:00:00+08:00', 1, SHANGHAI, '2024-03-01T00:00:00+08:00'],
    ['2023-01-31T12:00:00+08:00', 1, SHANGHAI, '2023-03-01T00:00:00+08:00'],
    ['2024-03-31T12:00:00+08:00', 1, SHANGHAI, '2024-05-01T00:00:00+08:00'],
    ['2024-12-15T12:00:00+08:00', 1, SHANGHAI, '2025-01-15T00:00:00+08:00'],
    ['2024-01-15T12:00:00+08:00', -1, SHANGHAI, '2023-12-15T00:00:00+08:00'],
    ['2024-03-15T12:00:00+08:00', 0, SHANGHAI, '2024-03-15T00:00:00+08:00'],
    // Across a DST change the result is still local midnight.
    ['2024-01-15T12:00:00-05:00', 6, NEW_YORK, '2024-07-15T00:00:00-04:00'],
  ])('%s + %d months in %s = %s', (iso, months, zone, expected) => {
    expect(addCalendarMonths(at(iso), months, zone)).toEqual(at(expected));
  });

  it('refuses a fractional number of months and an Invalid Date', () => {
    expect(() => addCalendarMonths(at('2024-01-01T00:00:00Z'), 1.5, SHANGHAI)).toThrow(
      expect.objectContaining({ code: 'INVALID_MONTHS' }),
    );
    expect(() => addCalendarMonths(new Date(Number.NaN), 12, SHANGHAI)).toThrow(
      expect.objectContaining({ code: 'INVALID_INSTANT' }),
    );
  });

  it('lands on local midnight of the same day N months on, or the 1st of the month after', () => {
    const instant = fc.date({
      min: at('1971-01-01T00:00:00Z'),
      max: at('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    const zone = fc.constantFrom(SHANGHAI, NEW_YORK, 'UTC', 'America/Havana');
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 600 }), zone, (start, months, timeZone) => {
        const result = addCalendarMonths(start, months, timeZone);
        expect(result).toEqual(startOfLocalDay(result, timeZone));
        expect(result.getTime()).toBeGreaterThan(start.getTime());

        const from = localDate(start, timeZone);
        const to = localDate(result, timeZone);
        const monthsApart = (to.year - from.year) * 12 + (to.month - from.month);
        if (to.day === from.day) {
          expect(monthsApart).toBe(months);
        } else {
          expect(from.day).toBeGreaterThan(28);
          expect(to.day).toBe(1);
          expect(monthsApart).toBe(months + 1);
        }
      }),
    );
  });
});
