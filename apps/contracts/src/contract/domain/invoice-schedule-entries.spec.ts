import { explicitInvoiceSchedule as sut } from './invoice-schedule-entries';
import { MAX_SCHEDULE_ENTRIES } from './invoice-schedule';
import { addDays } from '@app/event-contracts';

describe('a schedule of explicit entries', () => {
  it('defaults each cut-off to the day before its run date', () => {
    expect(
      sut([{ invoiceRunDate: '2024-03-01' }, { invoiceRunDate: '2025-01-01', transactionCutoffDate: null }]),
    ).toEqual({
      ok: true,
      frequency: null,
      entries: [
        { invoiceRunDate: '2024-03-01', transactionCutoffDate: '2024-02-29' },
        { invoiceRunDate: '2025-01-01', transactionCutoffDate: '2024-12-31' },
      ],
    });
  });

  it('keeps a cut-off given before the run date', () => {
    expect(sut([{ invoiceRunDate: '2025-03-31', transactionCutoffDate: '2025-03-25' }])).toMatchObject({
      ok: true,
      entries: [{ invoiceRunDate: '2025-03-31', transactionCutoffDate: '2025-03-25' }],
    });
  });

  it('sorts the entries by run date', () => {
    const result = sut([
      { invoiceRunDate: '2025-03-31' },
      { invoiceRunDate: '2025-01-31' },
      { invoiceRunDate: '2025-02-28' },
    ]);
    expect(result.ok && result.entries.map((e) => e.invoiceRunDate)).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
    ]);
  });

  it('accepts no entries at all, which withdraws the unrun ones', () => {
    expect(sut([])).toEqual({ ok: true, frequency: null, entries: [] });
  });

  it.each(['2025-03-31', '2025-04-01'])(
    'rejects the cut-off %s on or after the run date 2025-03-31',
    (cutoff) => {
      expect(sut([{ invoiceRunDate: '2025-03-31', transactionCutoffDate: cutoff }])).toEqual({
        ok: false,
        violation: expect.objectContaining({
          code: 'INVALID_SCHEDULE',
          field: 'entries[0].transactionCutoffDate',
        }),
      });
    },
  );

  it('rejects two entries on the same run date, naming the second', () => {
    expect(
      sut([
        { invoiceRunDate: '2025-01-31' },
        { invoiceRunDate: '2025-02-28' },
        { invoiceRunDate: '2025-01-31' },
      ]),
    ).toEqual({
      ok: false,
      violation: expect.objectContaining({ code: 'INVALID_SCHEDULE', field: 'entries[2].invoiceRunDate' }),
    });
  });

  it('rejects a run date that is not a calendar date', () => {
    expect(sut([{ invoiceRunDate: '2025-01-31' }, { invoiceRunDate: '2025-02-30' }])).toEqual({
      ok: false,
      violation: expect.objectContaining({ code: 'INVALID_DATE', field: 'entries[1].invoiceRunDate' }),
    });
  });

  it('rejects a cut-off that is not a calendar date', () => {
    expect(sut([{ invoiceRunDate: '2025-03-31', transactionCutoffDate: '2025-02-29' }])).toEqual({
      ok: false,
      violation: expect.objectContaining({ code: 'INVALID_DATE', field: 'entries[0].transactionCutoffDate' }),
    });
  });

  it.each([[null], ['2025-01-31'], [{ invoiceRunDate: '2025-01-31' }]])(
    'rejects %j as the list of entries',
    (entries) => {
      expect(sut(entries)).toMatchObject({
        ok: false,
        violation: { code: 'INVALID_SCHEDULE', field: 'entries' },
      });
    },
  );

  it('rejects an entry that is not an object', () => {
    expect(sut(['2025-01-31'])).toMatchObject({
      ok: false,
      violation: { code: 'INVALID_SCHEDULE', field: 'entries[0]' },
    });
  });

  it(`has at most ${MAX_SCHEDULE_ENTRIES} entries`, () => {
    const entries = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ invoiceRunDate: addDays('2025-01-01', i) }));
    expect(sut(entries(MAX_SCHEDULE_ENTRIES))).toMatchObject({ ok: true });
    expect(sut(entries(MAX_SCHEDULE_ENTRIES + 1))).toMatchObject({
      ok: false,
      violation: { code: 'SCHEDULE_TOO_LONG', field: 'entries' },
    });
  });
});
