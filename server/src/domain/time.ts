/**
 * Calendar arithmetic in the business time zone with Intl only. Every function takes the
 * instant and the zone explicitly: none reads the clock or depends on the server's zone.
 * Months are 1–12 throughout.
 */
import { DomainError } from './errors.js';

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function assertValidInstant(instant: Date): number {
  const time = instant.getTime();
  if (Number.isNaN(time)) {
    throw new DomainError('INVALID_INSTANT', 'the instant is an Invalid Date');
  }
  return time;
}

function localDateTimeAt(time: number, timeZone: string): LocalDateTime {
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const { type, value } of formatterFor(timeZone).formatToParts(time)) {
    fields[type] = Number(value);
  }
  const { year, month, day, hour, minute, second } = fields;
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined
  ) {
    throw new Error(`Intl gave no complete date-time for ${time} in ${timeZone}`);
  }
  return { year, month, day, hour, minute, second };
}

/** The wall-clock reading as if it were UTC; Date.UTC would map years 0–99 to 1900–1999. */
function wallClockAsUtc(date: LocalDate, hour = 0, minute = 0, second = 0): number {
  const utc = new Date(0);
  utc.setUTCFullYear(date.year, date.month - 1, date.day);
  utc.setUTCHours(hour, minute, second, 0);
  return utc.getTime();
}

/** Milliseconds the zone's wall clock is ahead of UTC at that instant. */
function zoneOffsetAt(time: number, timeZone: string): number {
  const local = localDateTimeAt(time, timeZone);
  const wholeSecond = time - (((time % 1000) + 1000) % 1000);
  return wallClockAsUtc(local, local.hour, local.minute, local.second) - wholeSecond;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isRealDate({ year, month, day }: LocalDate): boolean {
  return (
    Number.isSafeInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

function monthAfter({ year, month }: Pick<LocalDate, 'year' | 'month'>): LocalDate {
  return month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 };
}

export function localDate(instant: Date, timeZone: string): LocalDate {
  const { year, month, day } = localDateTimeAt(assertValidInstant(instant), timeZone);
  return { year, month, day };
}

/** 'YYYY-MM-DD' of the instant's calendar day in the zone. */
export function localDateString(instant: Date, timeZone: string): string {
  const { year, month, day } = localDate(instant, timeZone);
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function localYearMonth(instant: Date, timeZone: string): { year: number; month: number } {
  const { year, month } = localDate(instant, timeZone);
  return { year, month };
}

export function localYear(instant: Date, timeZone: string): number {
  return localDate(instant, timeZone).year;
}

/**
 * The first instant of a calendar day in the zone: its 00:00, or where a DST change skips
 * midnight (e.g. America/Havana in March), the instant the clocks jump. Where midnight occurs
 * twice, the first one.
 */
export function zonedMidnightToInstant(
  year: number,
  month: number,
  day: number,
  timeZone: string,
): Date {
  const date = { year, month, day };
  if (!isRealDate(date)) {
    throw new DomainError('INVALID_LOCAL_DATE', `${year}-${month}-${day} is not a calendar day`);
  }
  const wallClock = wallClockAsUtc(date);
  // The offsets in force a day either side bracket any transition near this midnight.
  const offsetBefore = zoneOffsetAt(wallClock - DAY_MS, timeZone);
  const offsetAfter = zoneOffsetAt(wallClock + DAY_MS, timeZone);
  const matches = [offsetBefore, offsetAfter]
    .map((offset) => wallClock - offset)
    .filter((time) => time + zoneOffsetAt(time, timeZone) === wallClock);
  if (matches.length > 0) return new Date(Math.min(...matches));

  // Midnight falls in a gap: find, to the second, the first instant whose wall clock has
  // reached it, i.e. the moment the clocks jumped.
  let notYet = wallClock - offsetAfter;
  let reached = wallClock - offsetBefore;
  while (reached - notYet > 1000) {
    const middle = notYet + Math.floor((reached - notYet) / 2000) * 1000;
    if (middle + zoneOffsetAt(middle, timeZone) >= wallClock) reached = middle;
    else notYet = middle;
  }
  return new Date(reached);
}

function startOf(date: LocalDate, timeZone: string): Date {
  return zonedMidnightToInstant(date.year, date.month, date.day, timeZone);
}

export function startOfLocalDay(instant: Date, timeZone: string): Date {
  return startOf(localDate(instant, timeZone), timeZone);
}

export function startOfLocalMonth(instant: Date, timeZone: string): Date {
  return startOf({ ...localDate(instant, timeZone), day: 1 }, timeZone);
}

export function startOfNextLocalMonth(instant: Date, timeZone: string): Date {
  return startOf(monthAfter(localDate(instant, timeZone)), timeZone);
}

/**
 * "N months from D" as policy-rules.md defines it: 00:00 in the zone of the same calendar
 * day N months after D's local date (D's time of day is dropped); where that day does not
 * exist (29 Feb in a common year, the 31st of a 30-day month), 00:00 of the 1st of the
 * following month. Used as an exclusive bound.
 */
export function addCalendarMonths(instant: Date, months: number, timeZone: string): Date {
  if (!Number.isSafeInteger(months)) {
    throw new DomainError('INVALID_MONTHS', `months must be a whole number, got ${months}`);
  }
  const { year, month, day } = localDate(instant, timeZone);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  const target = { year: targetYear, month: targetMonth, day };
  return startOf(isRealDate(target) ? target : monthAfter(target), timeZone);
}
