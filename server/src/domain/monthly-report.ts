/**
 * The monthly operation report's rules (第十四条), pure: which calendar month a period string
 * names and its instants in the programme's zone, the due date (policy `monthlyReportDueDay`
 * of the next month), how late a submission is, which reminder a day calls for, and the
 * reconciliation of the report's control totals with an independent reading of the ledger.
 */
import { type LocalDate, localDate, localDateString, zonedMidnightToInstant } from './time.js';

export interface YearMonth {
  year: number;
  month: number;
}

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM' → { year, month }, or null for anything else. */
export function parseMonth(text: string): YearMonth | null {
  const match = MONTH_PATTERN.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) return null;
  return { year, month: Number(match[2]) };
}

export function formatMonth({ year, month }: YearMonth): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function nextMonth({ year, month }: YearMonth): YearMonth {
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
}

export function previousMonth({ year, month }: YearMonth): YearMonth {
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

/** The month's instants: [start, end), 00:00 of its first day to 00:00 of the next month's. */
export function monthWindow(period: YearMonth, timeZone: string): { start: Date; end: Date } {
  const after = nextMonth(period);
  return {
    start: zonedMidnightToInstant(period.year, period.month, 1, timeZone),
    end: zonedMidnightToInstant(after.year, after.month, 1, timeZone),
  };
}

export type MonthState = 'not-started' | 'current' | 'ended';

export function monthState(period: YearMonth, now: Date, timeZone: string): MonthState {
  const { start, end } = monthWindow(period, timeZone);
  if (now.getTime() < start.getTime()) return 'not-started';
  return now.getTime() < end.getTime() ? 'current' : 'ended';
}

/** The due date 'YYYY-MM-DD': day `dueDay` (1–28, exists every month) of the next month. */
export function dueDateOf(period: YearMonth, dueDay: number): string {
  return formatLocalDate({ ...nextMonth(period), day: dueDay });
}

function formatLocalDate({ year, month, day }: LocalDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole calendar days from local date a to local date b ('YYYY-MM-DD'), b − a. */
export function daysBetween(a: string, b: string): number {
  const day = (text: string) => {
    const [y, m, d] = text.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d) / 86_400_000;
  };
  return day(b) - day(a);
}

/**
 * Calendar days late: 0 on or before the due date (the whole due day counts, to 23:59:59 in
 * the zone), 1 on the next day, and so on.
 */
export function lateDaysAt(dueDate: string, at: Date, timeZone: string): number {
  return Math.max(0, daysBetween(dueDate, localDateString(at, timeZone)));
}

export type ReminderKind = 'due-soon' | 'overdue';

/**
 * The reminder a local day calls for, for a report not yet submitted: three days before the
 * due day ("due soon"), and every day after it ("N days overdue"). Nothing otherwise.
 */
export function reminderFor(
  today: string,
  dueDate: string,
): { kind: ReminderKind; days: number } | null {
  const until = daysBetween(today, dueDate);
  if (until === 3) return { kind: 'due-soon', days: 3 };
  if (until < 0) return { kind: 'overdue', days: -until };
  return null;
}

/** The local date of an instant, as a LocalDate (re-exported for the service). */
export const localDateOf = localDate;

// ── Control totals ─────────────────────────────────────────────────────────────────────────

/**
 * One row of the control totals, in fen: the available voucher balance (the tranche accounts)
 * at the month's start and end, and what moved it in between. `voided` is expiry (tranche →
 * void); a reversal voided after expiry never returns to a tranche, so it is not in this sum.
 */
export interface ControlRow {
  /** Star level, or 0 for the total row. */
  star: number;
  opening: number;
  granted: number;
  restored: number;
  deducted: number;
  voided: number;
  closing: number;
}

/** The available balance at the month's start and end, read independently of the report. */
export interface IndependentBalance {
  star: number;
  opening: number;
  closing: number;
}

export interface Discrepancy {
  star: number;
  what: 'identity' | 'opening' | 'closing';
  /** The report's figure minus the independent one (identity: computed closing − closing). */
  difference: number;
}

/** Adds rows into a total row (star 0). */
export function totalRow(rows: readonly ControlRow[]): ControlRow {
  const total: ControlRow = {
    star: 0,
    opening: 0,
    granted: 0,
    restored: 0,
    deducted: 0,
    voided: 0,
    closing: 0,
  };
  for (const row of rows) {
    total.opening += row.opening;
    total.granted += row.granted;
    total.restored += row.restored;
    total.deducted += row.deducted;
    total.voided += row.voided;
    total.closing += row.closing;
  }
  return total;
}

/**
 * Checks, per star and in total, that opening + granted + restored − deducted − voided =
 * closing to the fen, and that opening and closing equal the independent reading. Returns
 * every difference; an empty list means the report reconciles.
 */
export function reconcile(
  rows: readonly ControlRow[],
  independent: readonly IndependentBalance[],
): Discrepancy[] {
  const out: Discrepancy[] = [];
  const byStar = new Map(independent.map((row) => [row.star, row]));
  const stars = new Set([...rows.map((row) => row.star), ...byStar.keys()]);
  const check = (row: ControlRow, other: IndependentBalance | undefined) => {
    const computed = row.opening + row.granted + row.restored - row.deducted - row.voided;
    if (computed !== row.closing) {
      out.push({ star: row.star, what: 'identity', difference: computed - row.closing });
    }
    const opening = other?.opening ?? 0;
    const closing = other?.closing ?? 0;
    if (row.opening !== opening) {
      out.push({ star: row.star, what: 'opening', difference: row.opening - opening });
    }
    if (row.closing !== closing) {
      out.push({ star: row.star, what: 'closing', difference: row.closing - closing });
    }
  };
  const empty = (star: number): ControlRow => ({
    star,
    opening: 0,
    granted: 0,
    restored: 0,
    deducted: 0,
    voided: 0,
    closing: 0,
  });
  for (const star of [...stars].filter((s) => s !== 0).sort((a, b) => a - b)) {
    check(rows.find((row) => row.star === star) ?? empty(star), byStar.get(star));
  }
  const perStar = rows.filter((row) => row.star !== 0);
  const independentTotal = independent
    .filter((row) => row.star !== 0)
    .reduce(
      (sum, row) => ({
        star: 0,
        opening: sum.opening + row.opening,
        closing: sum.closing + row.closing,
      }),
      { star: 0, opening: 0, closing: 0 },
    );
  check(totalRow(perStar), independentTotal);
  return out;
}
