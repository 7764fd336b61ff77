import { ScheduleFrequency } from '@app/event-contracts';
import { DeciderSpecification } from '@app/testing';
import { aContract } from '../../../test/contract.builders';
import { contractDecider } from './contract.decider';
import { MAX_SCHEDULE_ENTRIES } from './invoice-schedule';

const given = DeciderSpecification.for({ ...contractDecider, context: { today: '2025-06-15' } });
const monthEnds2025Q1 = [
  { invoiceRunDate: '2025-01-31', transactionCutoffDate: '2025-01-30' },
  { invoiceRunDate: '2025-02-28', transactionCutoffDate: '2025-02-27' },
  { invoiceRunDate: '2025-03-31', transactionCutoffDate: '2025-03-30' },
];

describe('when the contract or the line does not exist', () => {
  it('rejects a schedule for an unknown contract', () => {
    const line = aContract().timeAndMaterialLine();
    given([])
      .when(line.setInvoiceSchedule({ entries: [] }))
      .thenRejects('CONTRACT_NOT_FOUND');
  });

  it('rejects a schedule for an unknown line', () => {
    const contract = aContract();
    given([contract.created()])
      .when(contract.timeAndMaterialLine().setInvoiceSchedule({ entries: [] }))
      .thenRejects('CONTRACT_LINE_NOT_FOUND', 'contractLineId');
  });
});

describe('when the line is fixed-price', () => {
  it('rejects a schedule', () => {
    const contract = aContract();
    const line = contract.fixedPriceLine();
    given([contract.created(), line.added()])
      .when(line.setInvoiceSchedule({ entries: [{ invoiceRunDate: '2025-01-31' }] }))
      .thenRejects('SCHEDULE_ON_FIXED_PRICE_LINE', 'contractLineId');
  });
});

describe('when the line is time-and-material without a schedule', () => {
  const contract = aContract();
  const line = contract.timeAndMaterialLine();
  const history = [contract.created(), line.added()];

  it('sets a schedule generated from a frequency, with its defaults filled in', () => {
    given(history)
      .when(
        line.setInvoiceSchedule({
          frequency: { period: 'Monthly', days: [31] },
          startDate: '2025-01-01',
          endDate: '2025-03-31',
        }),
      )
      .then(line.scheduleSet(monthEnds2025Q1, { period: 'Monthly', days: [31] }));
  });

  it('sets a schedule of explicit entries, sorted, with default cut-offs', () => {
    given(history)
      .when(
        line.setInvoiceSchedule({
          entries: [
            { invoiceRunDate: '2025-03-31' },
            { invoiceRunDate: '2025-01-31' },
            { invoiceRunDate: '2025-02-28' },
          ],
        }),
      )
      .then(line.scheduleSet(monthEnds2025Q1));
  });

  it('publishes entries before today too: which entries have run is for the invoicing side to know', () => {
    // today is 2025-06-15; a backdated schedule still bills its periods on the next run.
    given(history)
      .when(line.setInvoiceSchedule({ entries: monthEnds2025Q1 }), { today: '2025-06-15' })
      .then(line.scheduleSet(monthEnds2025Q1));
  });

  it.each([
    {
      frequency: { period: 'Daily' } as ScheduleFrequency,
      startDate: '2025-01-01',
      endDate: '2025-01-02',
      entries: [],
    },
    {},
    { startDate: '2025-01-01', endDate: '2025-01-31', entries: [] },
  ])('rejects a body that is not exactly one of frequency or entries: %j', (body) => {
    given(history).when(line.setInvoiceSchedule(body)).thenRejects('INVALID_SCHEDULE', 'entries');
  });

  it('rejects a frequency without its dates', () => {
    given(history)
      .when(line.setInvoiceSchedule({ frequency: { period: 'Daily' } }))
      .thenRejects('INVALID_DATE', 'startDate');
  });

  it('rejects an invalid frequency, naming the field', () => {
    given(history)
      .when(
        line.setInvoiceSchedule({
          frequency: { period: 'Monthly', days: [1, 2, 3, 4, 5] },
          startDate: '2025-01-01',
          endDate: '2025-12-31',
        }),
      )
      .thenRejects('INVALID_SCHEDULE', 'frequency.days');
  });

  it('rejects an end date before the start date', () => {
    given(history)
      .when(
        line.setInvoiceSchedule({
          frequency: { period: 'Daily' },
          startDate: '2025-02-01',
          endDate: '2025-01-01',
        }),
      )
      .thenRejects('INVALID_SCHEDULE', 'endDate');
  });

  it('rejects a cut-off that is not before its run date', () => {
    given(history)
      .when(
        line.setInvoiceSchedule({
          entries: [{ invoiceRunDate: '2025-01-31', transactionCutoffDate: '2025-01-31' }],
        }),
      )
      .thenRejects('INVALID_SCHEDULE', 'entries[0].transactionCutoffDate');
  });

  it('rejects a run date that is not a calendar date', () => {
    given(history)
      .when(line.setInvoiceSchedule({ entries: [{ invoiceRunDate: '2025-02-30' }] }))
      .thenRejects('INVALID_DATE', 'entries[0].invoiceRunDate');
  });

  it(`rejects a schedule of more than ${MAX_SCHEDULE_ENTRIES} entries`, () => {
    given(history)
      .when(
        line.setInvoiceSchedule({
          frequency: { period: 'Daily' },
          startDate: '2025-01-01',
          endDate: '2027-12-31',
        }),
      )
      .thenRejects('SCHEDULE_TOO_LONG');
  });
});

describe('when the line already has a schedule', () => {
  const contract = aContract();
  const line = contract.timeAndMaterialLine();
  const history = [
    contract.created(),
    line.added(),
    line.scheduleSet(monthEnds2025Q1, { period: 'Monthly', days: [31] }),
  ];
  const sameByFrequency = {
    frequency: { period: 'Monthly' as const, days: [31] },
    startDate: '2025-01-01',
    endDate: '2025-03-31',
  };

  it('accepts the same schedule again without events', () => {
    given(history).when(line.setInvoiceSchedule(sameByFrequency)).thenNothing();
  });

  it('replaces it with a new schedule, publishing only the new entries', () => {
    const semiMonthly = [
      { invoiceRunDate: '2025-07-01', transactionCutoffDate: '2025-06-30' },
      { invoiceRunDate: '2025-07-16', transactionCutoffDate: '2025-07-15' },
    ];
    given(history)
      .when(
        line.setInvoiceSchedule({
          frequency: { period: 'Monthly', days: [16, 1] },
          startDate: '2025-07-01',
          endDate: '2025-07-31',
        }),
      )
      .then(line.scheduleSet(semiMonthly, { period: 'Monthly', days: [1, 16] }));
  });

  it('publishes the same entries again when they are now given explicitly, since the frequency is gone', () => {
    given(history)
      .when(line.setInvoiceSchedule({ entries: monthEnds2025Q1 }))
      .then(line.scheduleSet(monthEnds2025Q1));
  });

  it('withdraws the entries with an empty list', () => {
    given(history)
      .when(line.setInvoiceSchedule({ entries: [] }))
      .then(line.scheduleSet([]));
  });

  it('accepts an empty list again without events once withdrawn', () => {
    given([...history, line.scheduleSet([])])
      .when(line.setInvoiceSchedule({ entries: [] }))
      .thenNothing();
  });
});
