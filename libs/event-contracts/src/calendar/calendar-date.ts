/**
 * Calendar dates as 'YYYY-MM-DD' strings, with arithmetic on whole day numbers (days since
 * 1970-01-01). No `Date` object and no time zone is involved, so a date never shifts by a day
 * depending on where the code runs. Day-number conversions follow Howard Hinnant's
 * "days from civil" algorithms. Years run 0001..9999, as PostgreSQL's `date` takes them: there is no
 * year 0000. Plain arithmetic, no Date: it runs for every transaction a service reads.
 */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface YearMonthDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parts(value: string): YearMonthDay | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** True for a real calendar date in 'YYYY-MM-DD' form: '2024-02-29' is one, '2025-02-30' is not. */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && parts(value) !== null;
}

export function yearMonthDay(date: string): YearMonthDay {
  const ymd = parts(date);
  if (!ymd) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return ymd;
}

export function dateOf(year: number, month: number, day: number): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function toDayNumber(date: string): number {
  const { year, month, day } = yearMonthDay(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = (month + 9) % 12; // March = 0, so the leap day ends the year
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function fromDayNumber(dayNumber: number): string {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return dateOf(year, month, day);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Day number 0 (1970-01-01) was a Thursday. */
export function weekdayOf(date: string): Weekday {
  const index = (((toDayNumber(date) + 3) % 7) + 7) % 7;
  return WEEKDAYS[index];
}

export function isWeekday(value: unknown): value is Weekday {
  return typeof value === 'string' && (WEEKDAYS as readonly string[]).includes(value);
}

/** Whole days from `from` to `to` (negative when `to` is earlier), by arithmetic: no day is listed. */
export function daysFrom(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * Every date from `from` to `to`, both included; empty when `to` is before `from`. Counted first, so
 * the last day of the calendar (9999-12-31, with no day after it) ends the list like any other.
 */
export function datesBetween(from: string, to: string): string[] {
  const first = toDayNumber(from);
  const count = toDayNumber(to) - first + 1;
  return Array.from({ length: Math.max(0, count) }, (_, index) => fromDayNumber(first + index));
}
