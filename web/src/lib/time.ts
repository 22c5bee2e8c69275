import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';
import type { Lang, Translate } from '../i18n/context';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every date the platform shows is Beijing time, whatever the browser's zone. */
export const BUSINESS_TZ = 'Asia/Shanghai';

export function setDayjsLang(lang: Lang): void {
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
}

export function inBusinessTz(iso: string): Dayjs {
  return dayjs(iso).tz(BUSINESS_TZ);
}

export function formatDateTime(iso: string | null | undefined, seconds = false): string {
  if (!iso) return '—';
  const value = inBusinessTz(iso);
  if (!value.isValid()) return iso;
  return value.format(seconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

/**
 * A date-time picked in a picker means Beijing wall-clock time; send it as an instant.
 * (The picker's own zone is the browser's, which may differ.)
 */
export function businessWallTimeToIso(value: Dayjs): string {
  return dayjs.tz(value.format('YYYY-MM-DDTHH:mm:ss'), BUSINESS_TZ).toISOString();
}

/** The inverse: an instant shown in a picker as Beijing wall-clock time. */
export function isoToBusinessWallTime(iso: string): Dayjs {
  return dayjs(inBusinessTz(iso).format('YYYY-MM-DDTHH:mm:ss'));
}

/** The start of "today" in Beijing, as an instant, relative to the server's (maybe simulated) now. */
export function startOfBusinessDay(nowIso: string): string {
  return dayjs.tz(inBusinessTz(nowIso).format('YYYY-MM-DD'), BUSINESS_TZ).toISOString();
}

export function isFuture(iso: string | null | undefined, nowIso?: string): boolean {
  if (!iso) return false;
  return dayjs(iso).isAfter(nowIso ? dayjs(nowIso) : dayjs());
}

/** The Beijing calendar date of an instant: “2025-09-26”. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const value = inBusinessTz(iso);
  return value.isValid() ? value.format('YYYY-MM-DD') : iso;
}

/**
 * The last day something is valid, given the first instant it no longer is (an exclusive
 * `expiresAt` at 00:00 Beijing time): one millisecond earlier, as a Beijing date.
 */
export function lastValidDay(expiresAt: string): string {
  const ms = Date.parse(expiresAt);
  if (Number.isNaN(ms)) return expiresAt;
  return formatDate(new Date(ms - 1).toISOString());
}

/** Whether an instant is 00:00 in Beijing (a day boundary). */
function isBusinessMidnight(iso: string): boolean {
  const value = inBusinessTz(iso);
  return value.isValid() && value.format('HH:mm:ss.SSS') === '00:00:00.000';
}

/**
 * A window [opens, closes) as people read it: its first and its last day, both included
 * (“2026-01-01 至 2026-12-31” for a window closing at 2027-01-01 00:00, Beijing time), the
 * way the reviewer's checks say it; a bound that is not a day boundary keeps its time.
 */
export function formatWindow(t: Translate, opensAt: string, closesAt: string): string {
  return t('claim.windowValue', {
    from: isBusinessMidnight(opensAt) ? formatDate(opensAt) : formatDateTime(opensAt),
    to: isBusinessMidnight(closesAt) ? lastValidDay(closesAt) : formatDateTime(closesAt),
  });
}

/** A day picked in a date picker (a Beijing calendar day): the instant it starts. */
export function businessDayStartIso(day: Dayjs): string {
  return dayjs.tz(day.format('YYYY-MM-DD'), BUSINESS_TZ).toISOString();
}

/** A last day picked in a date picker, included: the instant the next Beijing day starts. */
export function businessDayEndIso(day: Dayjs): string {
  return dayjs.tz(day.add(1, 'day').format('YYYY-MM-DD'), BUSINESS_TZ).toISOString();
}

/** The calendar year in Beijing now (the list year the platform counts in). */
export function businessYear(): number {
  return Number(dayjs().tz(BUSINESS_TZ).format('YYYY'));
}
