import { describe, expect, it } from 'vitest';
import {
  type ControlRow,
  dueDateOf,
  lateDaysAt,
  monthState,
  monthWindow,
  parseMonth,
  reconcile,
  reminderFor,
} from '../../src/domain/monthly-report.js';

const TZ = 'Asia/Shanghai';

describe('months', () => {
  it('parses YYYY-MM only', () => {
    expect(parseMonth('2026-01')).toEqual({ year: 2026, month: 1 });
    for (const bad of [
      '2026-1',
      '2026-13',
      '2026-00',
      '26-01',
      '2026-01-01',
      ' 2026-01',
      '1999-12',
    ]) {
      expect(parseMonth(bad), bad).toBeNull();
    }
  });

  it('a month runs from 00:00 of its first day to 00:00 of the next month, in Shanghai', () => {
    expect(monthWindow({ year: 2026, month: 1 }, TZ)).toEqual({
      start: new Date('2025-12-31T16:00:00.000Z'),
      end: new Date('2026-01-31T16:00:00.000Z'),
    });
    expect(monthWindow({ year: 2026, month: 12 }, TZ).end).toEqual(
      new Date('2026-12-31T16:00:00.000Z'),
    );
  });

  it('23:59:59 on the last day is still the month; 00:00 is the next', () => {
    const january = { year: 2026, month: 1 };
    expect(monthState(january, new Date('2026-01-31T15:59:59.999Z'), TZ)).toBe('current');
    expect(monthState(january, new Date('2026-01-31T16:00:00.000Z'), TZ)).toBe('ended');
    expect(monthState(january, new Date('2025-12-31T15:59:59.999Z'), TZ)).toBe('not-started');
  });
});

describe('due date and lateness', () => {
  it('is the due day of the next month', () => {
    expect(dueDateOf({ year: 2026, month: 1 }, 10)).toBe('2026-02-10');
    expect(dueDateOf({ year: 2026, month: 12 }, 10)).toBe('2027-01-10');
  });

  it('the whole due day is on time; the next day is one day late', () => {
    expect(lateDaysAt('2026-02-10', new Date('2026-02-10T15:59:59.000Z'), TZ)).toBe(0);
    expect(lateDaysAt('2026-02-10', new Date('2026-02-10T16:00:00.000Z'), TZ)).toBe(1);
    expect(lateDaysAt('2026-02-10', new Date('2026-02-01T00:00:00.000Z'), TZ)).toBe(0);
    expect(lateDaysAt('2026-02-10', new Date('2026-03-02T01:00:00.000Z'), TZ)).toBe(20);
  });

  it('reminds three days before and on every overdue day, nothing else', () => {
    expect(reminderFor('2026-02-07', '2026-02-10')).toEqual({ kind: 'due-soon', days: 3 });
    expect(reminderFor('2026-02-08', '2026-02-10')).toBeNull();
    expect(reminderFor('2026-02-10', '2026-02-10')).toBeNull();
    expect(reminderFor('2026-02-11', '2026-02-10')).toEqual({ kind: 'overdue', days: 1 });
    expect(reminderFor('2026-03-01', '2026-02-10')).toEqual({ kind: 'overdue', days: 19 });
    expect(reminderFor('2026-02-01', '2026-02-10')).toBeNull();
  });
});

describe('reconcile', () => {
  const row = (star: number, opening: number, moved: Partial<ControlRow> = {}): ControlRow => {
    const r = { star, opening, granted: 0, restored: 0, deducted: 0, voided: 0, ...moved };
    return { ...r, closing: r.opening + r.granted + r.restored - r.deducted - r.voided };
  };

  it('accepts totals that hold and equal the independent reading', () => {
    const rows = [row(3, 100, { granted: 50, deducted: 20, restored: 5, voided: 1 }), row(5, 0)];
    expect(
      reconcile(rows, [
        { star: 3, opening: 100, closing: 134 },
        { star: 5, opening: 0, closing: 0 },
      ]),
    ).toEqual([]);
  });

  it('names the star and the difference, to the fen, and the total', () => {
    const rows = [row(4, 1_000, { deducted: 1 })];
    expect(reconcile(rows, [{ star: 4, opening: 1_000, closing: 1_000 }])).toEqual([
      { star: 4, what: 'closing', difference: -1 },
      { star: 0, what: 'closing', difference: -1 },
    ]);
  });

  it('finds totals that do not add up, and a star the report lacks', () => {
    const broken = { ...row(3, 10, { granted: 5 }), closing: 16 };
    expect(
      reconcile(
        [broken],
        [
          { star: 3, opening: 10, closing: 16 },
          { star: 5, opening: 7, closing: 7 },
        ],
      ),
    ).toEqual([
      { star: 3, what: 'identity', difference: -1 },
      { star: 5, what: 'opening', difference: -7 },
      { star: 5, what: 'closing', difference: -7 },
      { star: 0, what: 'identity', difference: -1 },
      { star: 0, what: 'opening', difference: -7 },
      { star: 0, what: 'closing', difference: -7 },
    ]);
  });
});
