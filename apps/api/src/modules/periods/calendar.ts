import { parsePeriod, periodBounds } from '@portal/shared';

/**
 * Dates of the reporting calendar. Deadlines are Chinese calendar days: "today", "due on 2026-10-15" and
 * "locked after" are read in Asia/Shanghai (UTC+8 all year, no daylight saving).
 */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

export function shanghaiDate(at: Date = new Date()): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant after the given day ends in Asia/Shanghai. */
export function endOfShanghaiDay(isoDate: string): Date {
  return new Date(Date.parse(`${addDays(isoDate, 1)}T00:00:00+08:00`));
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function isWeekend(isoDate: string): boolean {
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

export interface ScheduleOptions {
  /** Day of the month after the quarter on which returns are due (default 15). */
  dueDay?: number;
  /** Move a due date that falls on a weekend or holiday to the next working day (default true). */
  rollForward?: boolean;
  /** Last day on which late filing is possible (default: due date + 30 days). */
  lockDate?: string;
}

export interface PeriodSchedule {
  code: string;
  year: number;
  quarter: number;
  openDate: string;
  dueDate: string;
  lockDate: string;
}

/** Open the day after the quarter ends, due on a day of the following month (rolled past holidays), then locked. */
export function periodSchedule(
  code: string,
  holidays: ReadonlySet<string>,
  opts: ScheduleOptions = {},
): PeriodSchedule {
  const parts = parsePeriod(code);
  if (!parts) throw new Error(`bad period ${code}`);
  const openDate = addDays(periodBounds(code).end, 1);
  let dueDate = `${openDate.slice(0, 8)}${String(opts.dueDay ?? 15).padStart(2, '0')}`;
  if (opts.rollForward ?? true) {
    while (isWeekend(dueDate) || holidays.has(dueDate)) dueDate = addDays(dueDate, 1);
  }
  return { code, ...parts, openDate, dueDate, lockDate: opts.lockDate ?? addDays(dueDate, 30) };
}

const DAY_MS = 86_400_000;

/** The first instant a firm is late: the end of the due date (Beijing time), or of a live extension if later. */
export function deadlineOf(dueDate: string, extensionUntil?: Date | null): Date {
  const due = endOfShanghaiDay(dueDate);
  return extensionUntil && extensionUntil > due ? extensionUntil : due;
}

/** Whole days started since the deadline passed (1 on the first day after it), 0 before. */
export function daysPast(deadline: Date, at: Date): number {
  return at >= deadline ? Math.floor((at.getTime() - deadline.getTime()) / DAY_MS) + 1 : 0;
}

export interface Lateness {
  late: boolean;
  /** Days late: until the first submission, or until now while nothing is submitted. */
  daysLate: number;
}

/**
 * Lateness is a property of the period's deadline and a date, for drafts and unfiled returns alike: a return
 * submitted after the deadline is late by the days to its first submission; one not submitted yet is late once
 * the deadline has passed, by the days since. The flag kept on a submitted return (decided at submission) wins.
 */
export function lateness(
  dueDate: string,
  filing: { firstSubmittedAt: Date | null; late: boolean } | null,
  extensionUntil: Date | null,
  now: Date,
): Lateness {
  const deadline = deadlineOf(dueDate, extensionUntil);
  if (filing?.firstSubmittedAt) {
    return { late: filing.late, daysLate: filing.late ? daysPast(deadline, filing.firstSubmittedAt) : 0 };
  }
  const daysLate = daysPast(deadline, now);
  return { late: daysLate > 0, daysLate };
}

/** The next day on or after `isoDate` that is neither a weekend nor a holiday. */
export function nextWorkingDay(isoDate: string, holidays: ReadonlySet<string>): string {
  let d = isoDate;
  while (isWeekend(d) || holidays.has(d)) d = addDays(d, 1);
  return d;
}
