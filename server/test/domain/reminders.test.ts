import { describe, expect, it } from 'vitest';
import { daysLeft, decideReminder } from '../../src/domain/reminders.js';

const EXPIRES = new Date('2026-03-10T16:00:00Z');
const daysBefore = (d: number, extraMs = 0) =>
  new Date(EXPIRES.getTime() - d * 86_400_000 + extraMs);
const none = new Set<number>();

describe('decideReminder (30 and 7 days)', () => {
  it.each([
    ['31 days before: nothing yet', daysBefore(31), none, { send: null, record: [] }],
    [
      'exactly 30 days before: the 30-day reminder',
      daysBefore(30),
      none,
      { send: 30, record: [30] },
    ],
    ['20 days before, 30 sent: nothing', daysBefore(20), new Set([30]), { send: null, record: [] }],
    [
      '7 days before, 30 sent: the 7-day reminder',
      daysBefore(7),
      new Set([30]),
      { send: 7, record: [7] },
    ],
    [
      'after downtime, 5 days before, none sent: only 7, 30 skipped',
      daysBefore(5),
      none,
      { send: 7, record: [7, 30] },
    ],
    ['both recorded: nothing', daysBefore(1), new Set([30, 7]), { send: null, record: [] }],
    ['at expiry: nothing', EXPIRES, none, { send: null, record: [] }],
  ] as const)('%s', (_label, now, recorded, expected) => {
    expect(decideReminder(EXPIRES, now, [30, 7], recorded)).toEqual(expected);
  });

  it('never sends a farther reminder after a nearer one', () => {
    expect(decideReminder(EXPIRES, daysBefore(3), [30, 7], new Set([7]))).toEqual({
      send: null,
      record: [30],
    });
  });

  it('counts days left rounding up', () => {
    expect(daysLeft(EXPIRES, daysBefore(7))).toBe(7);
    expect(daysLeft(EXPIRES, daysBefore(6, 1))).toBe(6);
  });
});
