import fc from 'fast-check';
import {
  addDays,
  datesBetween,
  daysFrom,
  daysInMonth,
  fromDayNumber,
  isCalendarDate,
  isLeapYear,
  toDayNumber,
  weekdayOf,
  WEEKDAYS,
} from './calendar-date';

describe('calendar dates', () => {
  it.each(['2025-01-01', '2024-02-29', '2000-02-29', '2025-12-31', '0001-01-01', '9999-12-31'])(
    'accepts the real date %s',
    (date) => {
      expect(isCalendarDate(date)).toBe(true);
    },
  );

  it.each(['2025-02-29', '1900-02-29', '2025-02-30', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00'])(
    'rejects the impossible date %s',
    (date) => {
      expect(isCalendarDate(date)).toBe(false);
    },
  );

  it.each([
    '2025-1-01',
    '25-01-01',
    '2025/01/01',
    '2025-01-01T00:00:00Z',
    ' 2025-01-01',
    '0000-01-01',
    '0000-02-29',
    '',
  ])('rejects the malformed date %j', (date) => {
    expect(isCalendarDate(date)).toBe(false);
  });

  it('rejects a value that is not a string', () => {
    expect(isCalendarDate(20250101)).toBe(false);
    expect(isCalendarDate(undefined)).toBe(false);
  });

  it('knows the leap years of the Gregorian calendar', () => {
    expect([2024, 2000, 2400].map(isLeapYear)).toEqual([true, true, true]);
    expect([2025, 1900, 2100].map(isLeapYear)).toEqual([false, false, false]);
  });

  it('knows the length of every month', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2025, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
  });

  it('counts days from 1970-01-01', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1970-01-02')).toBe(1);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(toDayNumber('2000-03-01')).toBe(11017);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', 365)).toBe('2026-01-01');
  });

  it('steps whole days across a daylight saving change', () => {
    expect(addDays('2024-03-30', 2)).toBe('2024-04-01');
  });

  it('refuses to step from a date that is not one', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
  });

  it('lists a range with both ends, and nothing for a reversed one', () => {
    expect(datesBetween('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(datesBetween('2024-03-02', '2024-03-01')).toEqual([]);
  });

  it('lists the last day of the calendar, which has no day after it', () => {
    expect(datesBetween('9999-12-30', '9999-12-31')).toEqual(['9999-12-30', '9999-12-31']);
  });

  it('counts the days between two dates by arithmetic, however far apart', () => {
    expect(daysFrom('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysFrom('2024-03-01', '2024-02-28')).toBe(-2);
    expect(daysFrom('0100-01-01', '9999-12-31')).toBe(3_615_899);
    expect(() => daysFrom('2024-3-1', '2024-03-02')).toThrow(RangeError);
  });

  it('names weekdays', () => {
    expect(weekdayOf('1970-01-01')).toBe('Thursday');
    expect(weekdayOf('2025-01-06')).toBe('Monday');
    expect(weekdayOf('2024-02-29')).toBe('Thursday');
    expect(weekdayOf('2025-06-15')).toBe('Sunday');
  });

  describe('against the proleptic Gregorian calendar of the platform (UTC)', () => {
    const dayNumbers = fc.integer({ min: toDayNumber('0001-01-01'), max: toDayNumber('9999-12-31') });
    const utc = (dayNumber: number) => new Date(dayNumber * 86_400_000);

    it('writes the same date for every day number', () => {
      fc.assert(
        fc.property(dayNumbers, (dayNumber) => {
          expect(fromDayNumber(dayNumber)).toBe(utc(dayNumber).toISOString().slice(0, 10));
        }),
      );
    });

    it('reads back the day number it wrote', () => {
      fc.assert(
        fc.property(dayNumbers, (dayNumber) => {
          expect(toDayNumber(fromDayNumber(dayNumber))).toBe(dayNumber);
        }),
      );
    });

    it('names the same weekday', () => {
      fc.assert(
        fc.property(dayNumbers, (dayNumber) => {
          const sundayFirst = utc(dayNumber).getUTCDay();
          expect(weekdayOf(fromDayNumber(dayNumber))).toBe(WEEKDAYS[(sundayFirst + 6) % 7]);
        }),
      );
    });
  });
});
