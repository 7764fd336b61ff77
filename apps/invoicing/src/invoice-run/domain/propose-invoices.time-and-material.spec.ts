import {
  aBillingInput,
  aScheduleEntry,
  aTimeAndMaterialLine,
  afterPersisting,
  anUnbilledTransaction,
  dailyScheduleEntries,
} from '../../../test/billing.builders';
import { proposeInvoices as sut } from './propose-invoices';

const billedIds = (proposal: ReturnType<typeof sut>) =>
  proposal.invoices.flatMap((i) => i.billedTransactionIds);

describe('proposeInvoices, for a time-and-material line (docs/product.md 3.1)', () => {
  describe('when several daily entries were missed (catch-up)', () => {
    const early = anUnbilledTransaction({ transactionDate: '2024-02-28' });
    const middle = anUnbilledTransaction({ transactionDate: '2024-03-01' });
    const late = anUnbilledTransaction({ transactionDate: '2024-03-02' });
    const line = aTimeAndMaterialLine({
      scheduleEntries: dailyScheduleEntries('2024-03-01', '2024-03-03'),
      unbilledTransactions: [late, early, middle],
    });
    const input = aBillingInput({ lines: [line] });

    it('creates one invoice for the line, dated on the latest due entry', () => {
      const { invoices } = sut(input, '2024-03-03');
      expect(invoices).toHaveLength(1);
      expect(invoices[0].invoiceRunDate).toBe('2024-03-03');
      expect(invoices[0].lines).toHaveLength(1);
    });

    it('bills every transaction up to the cut-off of the latest entry, oldest first', () => {
      expect(billedIds(sut(input, '2024-03-03'))).toEqual([
        early.transactionId,
        middle.transactionId,
        late.transactionId,
      ]);
    });

    it('processes all three missed entries', () => {
      const { processedEntries, invoices } = sut(input, '2024-03-03');
      const expected = ['2024-03-01', '2024-03-02', '2024-03-03'].map((invoiceRunDate) => ({
        contractLineId: line.contractLineId,
        invoiceRunDate,
      }));
      expect(processedEntries).toEqual(expected);
      expect(invoices[0].coveredScheduleEntries).toEqual(expected);
    });
  });

  describe('at the cut-off boundaries', () => {
    const onCutoff = anUnbilledTransaction({ transactionDate: '2024-03-04' });
    const onRunDate = anUnbilledTransaction({ transactionDate: '2024-03-05' });
    const input = aBillingInput({
      lines: [
        aTimeAndMaterialLine({
          scheduleEntries: [aScheduleEntry('2024-03-05')],
          unbilledTransactions: [onCutoff, onRunDate],
        }),
      ],
    });

    it('includes a transaction dated on the cut-off date', () => {
      expect(billedIds(sut(input, '2024-03-05'))).toContain(onCutoff.transactionId);
    });

    it('leaves a transaction dated on the run date for a later entry', () => {
      expect(billedIds(sut(input, '2024-03-05'))).not.toContain(onRunDate.transactionId);
    });

    it('honours a cut-off that is not the day before the run date', () => {
      const custom = aBillingInput({
        lines: [
          aTimeAndMaterialLine({
            scheduleEntries: [aScheduleEntry('2024-03-05', { transactionCutoffDate: '2024-03-05' })],
            unbilledTransactions: [onCutoff, onRunDate],
          }),
        ],
      });
      expect(billedIds(sut(custom, '2024-03-05'))).toEqual([onCutoff.transactionId, onRunDate.transactionId]);
    });
  });

  describe('when the only entry lies after the run date', () => {
    const input = aBillingInput({
      lines: [
        aTimeAndMaterialLine({
          scheduleEntries: [aScheduleEntry('2024-03-06')],
          unbilledTransactions: [anUnbilledTransaction({ transactionDate: '2024-03-01' })],
        }),
      ],
    });

    it('is not due: no invoice, no processed entry, counted as not due', () => {
      const proposal = sut(input, '2024-03-05');
      expect(proposal.invoices).toEqual([]);
      expect(proposal.processedEntries).toEqual([]);
      expect(proposal.counts).toMatchObject({ linesNotDue: 1, linesDue: 0, skippedNoTransactions: 0 });
    });

    it('is due on its run date itself', () => {
      expect(sut(input, '2024-03-06').invoices).toHaveLength(1);
    });
  });

  it('retries an entry whose earlier run failed', () => {
    const transaction = anUnbilledTransaction({ transactionDate: '2024-03-01' });
    const line = aTimeAndMaterialLine({
      scheduleEntries: [aScheduleEntry('2024-03-02', { status: 'RunFailed' })],
      unbilledTransactions: [transaction],
    });
    const proposal = sut(aBillingInput({ lines: [line] }), '2024-03-03');
    expect(billedIds(proposal)).toEqual([transaction.transactionId]);
    expect(proposal.processedEntries).toEqual([
      { contractLineId: line.contractLineId, invoiceRunDate: '2024-03-02' },
    ]);
  });

  it('ignores entries that already ran successfully', () => {
    const input = aBillingInput({
      lines: [
        aTimeAndMaterialLine({
          scheduleEntries: dailyScheduleEntries('2024-03-01', '2024-03-02', 'RunSuccessful'),
          unbilledTransactions: [anUnbilledTransaction({ transactionDate: '2024-03-01' })],
        }),
      ],
    });
    expect(sut(input, '2024-03-03')).toMatchObject({
      invoices: [],
      processedEntries: [],
      counts: { linesNotDue: 1 },
    });
  });

  it('ignores transactions of classes the line excludes', () => {
    const time = anUnbilledTransaction({ transactionClass: 'Time' });
    const expense = anUnbilledTransaction({ transactionClass: 'Expense' });
    const input = aBillingInput({
      lines: [
        aTimeAndMaterialLine({
          includedTransactionClasses: ['Time'],
          scheduleEntries: [aScheduleEntry('2024-03-02')],
          unbilledTransactions: [expense, time],
        }),
      ],
    });
    expect(billedIds(sut(input, '2024-03-02'))).toEqual([time.transactionId]);
  });

  describe('when a due line has nothing to bill', () => {
    const line = aTimeAndMaterialLine({
      includedTransactionClasses: ['Time'],
      scheduleEntries: [aScheduleEntry('2024-03-02')],
      unbilledTransactions: [anUnbilledTransaction({ transactionClass: 'Fee' })],
    });
    const proposal = sut(aBillingInput({ lines: [line] }), '2024-03-02');

    it('creates no invoice', () => expect(proposal.invoices).toEqual([]));

    it('still processes its entries', () =>
      expect(proposal.processedEntries).toEqual([
        { contractLineId: line.contractLineId, invoiceRunDate: '2024-03-02' },
      ]));

    it('counts the line as skipped for no transactions', () =>
      expect(proposal.counts).toMatchObject({ linesDue: 1, skippedNoTransactions: 1, skippedNoSchedule: 0 }));
  });

  it('skips a line without any schedule entry and counts it (docs/product.md 3.4)', () => {
    const line = aTimeAndMaterialLine({ unbilledTransactions: [anUnbilledTransaction()] });
    const proposal = sut(aBillingInput({ lines: [line] }), '2024-03-02');
    expect(proposal.invoices).toEqual([]);
    expect(proposal.counts).toMatchObject({ contractLinesConsidered: 1, skippedNoSchedule: 1, linesDue: 0 });
  });

  it('bills a transaction at most once: a second run after the first was persisted proposes nothing', () => {
    const input = aBillingInput({
      lines: [
        aTimeAndMaterialLine({
          scheduleEntries: [aScheduleEntry('2024-03-02')],
          unbilledTransactions: [anUnbilledTransaction({ transactionDate: '2024-03-01' })],
        }),
      ],
    });
    const first = sut(input, '2024-03-02');
    expect(first.invoices).toHaveLength(1);
    expect(sut(afterPersisting(input, first), '2024-03-02')).toMatchObject({
      invoices: [],
      processedEntries: [],
    });
  });

  it('bills a transaction recorded late, after its period was invoiced, with the next due entry', () => {
    const lateComer = anUnbilledTransaction({ transactionDate: '2024-03-01' });
    const line = aTimeAndMaterialLine({
      scheduleEntries: [
        aScheduleEntry('2024-03-02', { status: 'RunSuccessful' }),
        aScheduleEntry('2024-03-03'),
      ],
      unbilledTransactions: [lateComer],
    });
    expect(billedIds(sut(aBillingInput({ lines: [line] }), '2024-03-03'))).toEqual([lateComer.transactionId]);
  });
});
