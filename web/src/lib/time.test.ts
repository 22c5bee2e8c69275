import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { Translate } from '../i18n/context';
import { businessDayEndIso, businessDayStartIso, formatWindow } from './time';

const t = ((_key: string, vars?: Record<string, string | number>) =>
  `${vars?.from} 至 ${vars?.to}`) as Translate;

describe('claim windows as people read them (Beijing time)', () => {
  it('shows a window ending at 00:00 with its last day included', () => {
    expect(formatWindow(t, '2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z')).toBe(
      '2026-01-01 至 2026-12-31',
    );
  });

  it('keeps the time of a bound that is not a day boundary', () => {
    expect(formatWindow(t, '2025-12-31T16:00:00.000Z', '2027-01-24T22:08:00.000Z')).toBe(
      '2026-01-01 至 2027-01-25 06:08',
    );
  });

  it('turns the days picked into [first 00:00, day after the last 00:00)', () => {
    expect(businessDayStartIso(dayjs('2026-11-26'))).toBe('2026-11-25T16:00:00.000Z');
    expect(businessDayEndIso(dayjs('2027-12-31'))).toBe('2027-12-31T16:00:00.000Z');
  });
});
