import fc from 'fast-check';
import {
  ScheduleFrequency,
  addDays,
  daysInMonth,
  fromDayNumber,
  toDayNumber,
  weekdayOf,
  WEEKDAYS,
  yearMonthDay,
} from '@app/event-contracts';
import { generateInvoiceSchedule as sut, ScheduleResult } from './invoice-schedule';

function runDatesOf(result: ScheduleResult): string[] {
  if (!result.ok)
    throw new Error(`expected a schedule, got ${result.violation.code}: ${result.violation.message}`);
  return result.entries.map((entry) => entry.invoiceRunDate);
}

describe('generated schedules, for any frequency and range', () => {
  const dates = fc
    .integer({ min: toDayNumber('1999-01-01'), max: toDayNumber('2031-12-31') })
    .chain((start) => fc.tuple(fc.constant(start), fc.integer({ min: start, max: start + 500 })))
    .map(([start, end]) => [fromDayNumber(start), fromDayNumber(end)] as const);
  const frequencies: fc.Arbitrary<ScheduleFrequency> = fc.oneof(
    fc.constant({ period: 'Daily' as const }),
    fc.record({
      period: fc.constantFrom('Weekly' as const, 'Biweekly' as const),
      days: fc.constantFrom(...WEEKDAYS),
    }),
    fc.record({
      period: fc.constant('Monthly' as const),
      days: fc.uniqueArray(fc.integer({ min: 1, max: 31 }), { minLength: 1, maxLength: 4 }),
    }),
  );

  /** The definition, day by day: what generation must agree with. */
  function matches(frequency: ScheduleFrequency, date: string, startDate: string): boolean {
    switch (frequency.period) {
      case 'Daily':
        return true;
      case 'Weekly':
        return weekdayOf(date) === frequency.days;
      case 'Biweekly': {
        // The first match lies in the range's first seven days, then every other seven-day block has one.
        const block = Math.floor((toDayNumber(date) - toDayNumber(startDate)) / 7);
        return weekdayOf(date) === frequency.days && block % 2 === 0;
      }
      case 'Monthly': {
        const { year, month, day } = yearMonthDay(date);
        const last = daysInMonth(year, month);
        return (frequency.days as number[]).some((d) => Math.min(d, last) === day);
      }
    }
  }

  it('runs on exactly the dates of the range that match the frequency, sorted, each once, cut-off the day before', () => {
    fc.assert(
      fc.property(frequencies, dates, (frequency, [startDate, endDate]) => {
        const expected: string[] = [];
        for (let day = toDayNumber(startDate); day <= toDayNumber(endDate); day++) {
          if (matches(frequency, fromDayNumber(day), startDate)) expected.push(fromDayNumber(day));
        }
        const result = sut(frequency, startDate, endDate);
        if (expected.length === 0) {
          expect(result).toMatchObject({ ok: false, violation: { code: 'INVALID_SCHEDULE' } });
          return;
        }
        expect(runDatesOf(result)).toEqual(expected);
        for (const entry of result.ok ? result.entries : []) {
          expect(entry.transactionCutoffDate).toBe(addDays(entry.invoiceRunDate, -1));
        }
      }),
    );
  });
});
