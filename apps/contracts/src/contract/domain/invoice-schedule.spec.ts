import { addDays, ScheduleFrequency } from '@app/event-contracts';
import { generateInvoiceSchedule, MAX_SCHEDULE_ENTRIES, ScheduleResult } from './invoice-schedule';

function runDatesOf(result: ScheduleResult): string[] {
  if (!result.ok)
    throw new Error(`expected a schedule, got ${result.violation.code}: ${result.violation.message}`);
  return result.entries.map((entry) => entry.invoiceRunDate);
}

function violationOf(result: ScheduleResult) {
  if (result.ok) throw new Error(`expected a violation, got ${result.entries.length} entries`);
  return result.violation;
}

const sut = generateInvoiceSchedule;

describe('a Daily schedule', () => {
  it('runs on every day from the start to the end date inclusive', () => {
    expect(runDatesOf(sut({ period: 'Daily' }, '2025-02-27', '2025-03-02'))).toEqual([
      '2025-02-27',
      '2025-02-28',
      '2025-03-01',
      '2025-03-02',
    ]);
  });

  it('runs once on a single-day range', () => {
    expect(runDatesOf(sut({ period: 'Daily' }, '2025-05-05', '2025-05-05'))).toEqual(['2025-05-05']);
  });

  it('rejects days', () => {
    const violation = violationOf(sut({ period: 'Daily', days: 'Monday' }, '2025-01-01', '2025-01-31'));
    expect(violation).toMatchObject({ code: 'INVALID_SCHEDULE', field: 'frequency.days' });
  });

  it('publishes its frequency without days', () => {
    const result = sut({ period: 'Daily' }, '2025-01-01', '2025-01-02');
    expect(result.ok && result.frequency).toEqual({ period: 'Daily' });
  });
});

describe('a Weekly schedule', () => {
  it('runs on every matching weekday, starting with the first on or after the start date', () => {
    // 2025-01-01 is a Wednesday.
    expect(runDatesOf(sut({ period: 'Weekly', days: 'Monday' }, '2025-01-01', '2025-01-31'))).toEqual([
      '2025-01-06',
      '2025-01-13',
      '2025-01-20',
      '2025-01-27',
    ]);
  });

  it("runs on the start date's weekday when no day is given, and says so", () => {
    const result = sut({ period: 'Weekly' }, '2025-01-01', '2025-01-15');
    expect(runDatesOf(result)).toEqual(['2025-01-01', '2025-01-08', '2025-01-15']);
    expect(result.ok && result.frequency).toEqual({ period: 'Weekly', days: 'Wednesday' });
  });

  it('includes an end date that is a matching weekday', () => {
    expect(runDatesOf(sut({ period: 'Weekly', days: 'Friday' }, '2025-01-03', '2025-01-10'))).toEqual([
      '2025-01-03',
      '2025-01-10',
    ]);
  });

  it('runs once on a single-day range that is the weekday', () => {
    expect(runDatesOf(sut({ period: 'Weekly', days: 'Monday' }, '2025-01-06', '2025-01-06'))).toEqual([
      '2025-01-06',
    ]);
  });

  it('rejects a range that holds no matching weekday', () => {
    const violation = violationOf(sut({ period: 'Weekly', days: 'Monday' }, '2025-01-07', '2025-01-12'));
    expect(violation).toMatchObject({ code: 'INVALID_SCHEDULE', field: 'frequency' });
  });

  it.each([['Mon'], ['monday'], ['Funday'], [''], [1], [['Monday']]])('rejects the day %j', (days) => {
    const frequency = { period: 'Weekly', days } as unknown as ScheduleFrequency;
    expect(violationOf(sut(frequency, '2025-01-01', '2025-01-31'))).toMatchObject({
      code: 'INVALID_SCHEDULE',
      field: 'frequency.days',
    });
  });
});

describe('a Biweekly schedule', () => {
  it('runs on the first matching weekday, then every 14 days', () => {
    expect(runDatesOf(sut({ period: 'Biweekly', days: 'Friday' }, '2025-01-01', '2025-03-01'))).toEqual([
      '2025-01-03',
      '2025-01-17',
      '2025-01-31',
      '2025-02-14',
      '2025-02-28',
    ]);
  });

  it("runs on the start date's weekday when no day is given", () => {
    expect(runDatesOf(sut({ period: 'Biweekly' }, '2025-01-01', '2025-01-29'))).toEqual([
      '2025-01-01',
      '2025-01-15',
      '2025-01-29',
    ]);
  });

  it('rejects a day number', () => {
    const frequency = { period: 'Biweekly', days: [1] } as unknown as ScheduleFrequency;
    expect(violationOf(sut(frequency, '2025-01-01', '2025-01-31')).field).toBe('frequency.days');
  });
});

describe('a Monthly schedule', () => {
  it("runs on the start date's day of month when no day is given", () => {
    const result = sut({ period: 'Monthly' }, '2025-01-15', '2025-04-15');
    expect(runDatesOf(result)).toEqual(['2025-01-15', '2025-02-15', '2025-03-15', '2025-04-15']);
    expect(result.ok && result.frequency).toEqual({ period: 'Monthly', days: [15] });
  });

  it('runs semi-monthly on the 1st and the 16th', () => {
    expect(runDatesOf(sut({ period: 'Monthly', days: [1, 16] }, '2025-01-01', '2025-02-28'))).toEqual([
      '2025-01-01',
      '2025-01-16',
      '2025-02-01',
      '2025-02-16',
    ]);
  });

  it("moves the 31st to a shorter month's last day", () => {
    expect(runDatesOf(sut({ period: 'Monthly', days: [31] }, '2025-01-01', '2025-06-30'))).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
    ]);
  });

  it('moves the 29th, 30th and 31st to the 29th of February in a leap year', () => {
    expect(runDatesOf(sut({ period: 'Monthly', days: [31] }, '2024-02-01', '2024-02-29'))).toEqual([
      '2024-02-29',
    ]);
    expect(runDatesOf(sut({ period: 'Monthly', days: [29] }, '2024-02-01', '2024-02-29'))).toEqual([
      '2024-02-29',
    ]);
    expect(runDatesOf(sut({ period: 'Monthly', days: [29] }, '2025-02-01', '2025-02-28'))).toEqual([
      '2025-02-28',
    ]);
  });

  it('runs once when two days fall on the same last day of a month', () => {
    expect(runDatesOf(sut({ period: 'Monthly', days: [30, 31] }, '2025-02-01', '2025-04-30'))).toEqual([
      '2025-02-28',
      '2025-03-30',
      '2025-03-31',
      '2025-04-30',
    ]);
    expect(
      runDatesOf(sut({ period: 'Monthly', days: [28, 29, 30, 31] }, '2025-02-01', '2025-02-28')),
    ).toEqual(['2025-02-28']);
  });

  it('leaves out the days of the first and last month outside the range', () => {
    expect(runDatesOf(sut({ period: 'Monthly', days: [1, 16] }, '2025-01-10', '2025-03-10'))).toEqual([
      '2025-01-16',
      '2025-02-01',
      '2025-02-16',
      '2025-03-01',
    ]);
  });

  it('runs across a year end', () => {
    expect(runDatesOf(sut({ period: 'Monthly', days: [15] }, '2024-11-01', '2025-02-01'))).toEqual([
      '2024-11-15',
      '2024-12-15',
      '2025-01-15',
    ]);
  });

  it('publishes its days sorted', () => {
    const result = sut({ period: 'Monthly', days: [16, 1] }, '2025-01-01', '2025-01-31');
    expect(result.ok && result.frequency).toEqual({ period: 'Monthly', days: [1, 16] });
    expect(runDatesOf(result)).toEqual(['2025-01-01', '2025-01-16']);
  });

  it('takes four days', () => {
    const result = sut({ period: 'Monthly', days: [1, 8, 15, 22] }, '2025-01-01', '2025-01-31');
    expect(runDatesOf(result)).toEqual(['2025-01-01', '2025-01-08', '2025-01-15', '2025-01-22']);
  });

  it.each([[[]], [[1, 8, 15, 22, 29]], [[0]], [[32]], [[1.5]], [[1, 1]], ['Monday'], [15], [['1']]])(
    'rejects the days %j',
    (days) => {
      const frequency = { period: 'Monthly', days } as unknown as ScheduleFrequency;
      expect(violationOf(sut(frequency, '2025-01-01', '2025-12-31'))).toMatchObject({
        code: 'INVALID_SCHEDULE',
        field: 'frequency.days',
      });
    },
  );
});

describe('every generated schedule', () => {
  it('has each cut-off on the day before its run date, across month and year ends', () => {
    const result = sut({ period: 'Monthly', days: [1] }, '2024-01-01', '2024-03-01');
    expect(result.ok && result.entries).toEqual([
      { invoiceRunDate: '2024-01-01', transactionCutoffDate: '2023-12-31' },
      { invoiceRunDate: '2024-02-01', transactionCutoffDate: '2024-01-31' },
      { invoiceRunDate: '2024-03-01', transactionCutoffDate: '2024-02-29' },
    ]);
  });

  it('rejects an end date before the start date', () => {
    expect(violationOf(sut({ period: 'Daily' }, '2025-02-01', '2025-01-31'))).toMatchObject({
      code: 'INVALID_SCHEDULE',
      field: 'endDate',
    });
  });

  it.each([
    ['2025-02-30', '2025-03-31', 'startDate'],
    ['2025-01-01', '2025-04-31', 'endDate'],
    [undefined, '2025-04-30', 'startDate'],
    ['2025-01-01', '31-12-2025', 'endDate'],
  ])('rejects the dates %j to %j', (startDate, endDate, field) => {
    expect(violationOf(sut({ period: 'Daily' }, startDate, endDate))).toMatchObject({
      code: 'INVALID_DATE',
      field,
    });
  });

  it.each([
    [undefined],
    [null],
    ['Daily'],
    [{ period: 'Yearly' }],
    [{ days: 'Monday' }],
    [{ period: 'daily' }],
  ])('rejects the frequency %j', (frequency) => {
    expect(violationOf(sut(frequency, '2025-01-01', '2025-01-31')).code).toBe('INVALID_SCHEDULE');
  });

  it(`has at most ${MAX_SCHEDULE_ENTRIES} entries`, () => {
    const start = '2025-01-01';
    expect(
      runDatesOf(sut({ period: 'Daily' }, start, addDays(start, MAX_SCHEDULE_ENTRIES - 1))),
    ).toHaveLength(MAX_SCHEDULE_ENTRIES);
    expect(violationOf(sut({ period: 'Daily' }, start, addDays(start, MAX_SCHEDULE_ENTRIES)))).toMatchObject({
      code: 'SCHEDULE_TOO_LONG',
    });
    expect(
      violationOf(sut({ period: 'Monthly', days: [1, 8, 15, 22] }, '0001-01-01', '9999-12-31')).code,
    ).toBe('SCHEDULE_TOO_LONG');
  });
});
