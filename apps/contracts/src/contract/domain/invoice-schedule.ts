import {
  ScheduleEntry,
  ScheduleFrequency,
  addDays,
  dateOf,
  daysInMonth,
  fromDayNumber,
  isWeekday,
  toDayNumber,
  weekdayOf,
  WEEKDAYS,
  Weekday,
  yearMonthDay,
} from '@app/event-contracts';
import { checkDate } from './field-rules';
import { RuleViolation } from './rule-violation';

/** A schedule longer than this is almost certainly a mistake (three years of daily runs). */
export const MAX_SCHEDULE_ENTRIES = 1000;

export const SCHEDULE_PERIODS = ['Daily', 'Weekly', 'Biweekly', 'Monthly'] as const;
export type SchedulePeriod = (typeof SCHEDULE_PERIODS)[number];

/** A schedule ready to publish: the frequency with its defaults filled in, entries sorted by run date. */
export type ScheduleResult =
  | { readonly ok: true; readonly frequency: ScheduleFrequency | null; readonly entries: ScheduleEntry[] }
  | { readonly ok: false; readonly violation: RuleViolation };

function invalid(message: string, field: string): ScheduleResult {
  return { ok: false, violation: { code: 'INVALID_SCHEDULE', message, field } };
}

function tooLong(field: string): ScheduleResult {
  return {
    ok: false,
    violation: {
      code: 'SCHEDULE_TOO_LONG',
      message: `a schedule has at most ${MAX_SCHEDULE_ENTRIES} entries`,
      field,
    },
  };
}

export function entryFor(invoiceRunDate: string): ScheduleEntry {
  return { invoiceRunDate, transactionCutoffDate: addDays(invoiceRunDate, -1) };
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function isMonthDay(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 31;
}

/** Validates the frequency and fills in the default day: the start date's weekday or day of month. */
export function resolveFrequency(frequency: unknown, startDate: string): ScheduleFrequency | RuleViolation {
  const bad = (message: string, field: string): RuleViolation => ({
    code: 'INVALID_SCHEDULE',
    message,
    field,
  });
  if (typeof frequency !== 'object' || frequency === null) return bad('frequency is required', 'frequency');
  const { period, days } = frequency as { period?: unknown; days?: unknown };
  if (!(SCHEDULE_PERIODS as readonly unknown[]).includes(period)) {
    return bad(`frequency.period must be one of ${SCHEDULE_PERIODS.join(', ')}`, 'frequency.period');
  }
  if (period === 'Daily') {
    return isAbsent(days) ? { period } : bad('a Daily schedule takes no days', 'frequency.days');
  }
  if (period === 'Weekly' || period === 'Biweekly') {
    if (isAbsent(days)) return { period, days: weekdayOf(startDate) };
    if (isWeekday(days)) return { period, days };
    return bad(`frequency.days must be one weekday name: ${WEEKDAYS.join(', ')}`, 'frequency.days');
  }
  if (isAbsent(days)) return { period: 'Monthly', days: [yearMonthDay(startDate).day] };
  const valid =
    Array.isArray(days) &&
    days.length >= 1 &&
    days.length <= 4 &&
    days.every(isMonthDay) &&
    new Set(days).size === days.length;
  if (!valid) return bad('frequency.days must be one to four different day numbers 1-31', 'frequency.days');
  return { period: 'Monthly', days: [...(days as number[])].sort((a, b) => a - b) };
}

function everyStep(first: number, end: number, step: number): string[] {
  const dates: string[] = [];
  for (let day = first; day <= end && dates.length <= MAX_SCHEDULE_ENTRIES; day += step) {
    dates.push(fromDayNumber(day));
  }
  return dates;
}

/** Every `step` days from the first `weekday` on or after `start`. */
function everyWeekday(weekday: Weekday, step: number, start: number, end: number): string[] {
  const offset = (WEEKDAYS.indexOf(weekday) - WEEKDAYS.indexOf(weekdayOf(fromDayNumber(start))) + 7) % 7;
  return everyStep(start + offset, end, step);
}

/** The days of one month; a day past its end is its last day, and days that collapse count once. */
function monthDates(year: number, month: number, days: readonly number[]): string[] {
  const last = daysInMonth(year, month);
  const actual = [...new Set(days.map((day) => Math.min(day, last)))].sort((a, b) => a - b);
  return actual.map((day) => dateOf(year, month, day));
}

function everyMonth(days: readonly number[], startDate: string, endDate: string): string[] {
  const from = yearMonthDay(startDate);
  const to = yearMonthDay(endDate);
  const dates: string[] = [];
  let { year, month } = from;
  while (
    (year < to.year || (year === to.year && month <= to.month)) &&
    dates.length <= MAX_SCHEDULE_ENTRIES
  ) {
    const inRange = monthDates(year, month, days).filter((date) => date >= startDate && date <= endDate);
    dates.push(...inRange);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return dates;
}

/** The run dates of a resolved frequency from `startDate` to `endDate` inclusive, at most one past the maximum. */
export function runDates(frequency: ScheduleFrequency, startDate: string, endDate: string): string[] {
  const start = toDayNumber(startDate);
  const end = toDayNumber(endDate);
  switch (frequency.period) {
    case 'Daily':
      return everyStep(start, end, 1);
    case 'Weekly':
      return everyWeekday(frequency.days as Weekday, 7, start, end);
    case 'Biweekly':
      return everyWeekday(frequency.days as Weekday, 14, start, end);
    case 'Monthly':
      return everyMonth(frequency.days as readonly number[], startDate, endDate);
  }
}

/** A schedule generated from a frequency between two dates, each cut-off the day before its run date. */
export function generateInvoiceSchedule(
  frequency: unknown,
  startDate: unknown,
  endDate: unknown,
): ScheduleResult {
  const badDate = checkDate(startDate, 'startDate') ?? checkDate(endDate, 'endDate');
  if (badDate) return { ok: false, violation: badDate };
  const [start, end] = [startDate as string, endDate as string];
  if (end < start) return invalid('endDate must not be before startDate', 'endDate');
  const resolved = resolveFrequency(frequency, start);
  if ('code' in resolved) return { ok: false, violation: resolved };
  const dates = runDates(resolved, start, end);
  if (dates.length > MAX_SCHEDULE_ENTRIES) return tooLong('endDate');
  if (dates.length === 0)
    return invalid('the frequency has no run date between startDate and endDate', 'frequency');
  return { ok: true, frequency: resolved, entries: dates.map(entryFor) };
}
