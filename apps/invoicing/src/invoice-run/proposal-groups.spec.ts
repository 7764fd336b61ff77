import {
  aBillingInput,
  aScheduleEntry,
  aTimeAndMaterialLine,
  anUnbilledTransaction,
  billingSplit,
} from '../../test/billing.builders';
import { proposeInvoices } from './domain';
import { workOf as sut } from './proposal-groups';

const RUN_DATE = '2024-03-31';

describe('the work of a proposal', () => {
  it('writes the invoices of a billing split as one group billing each item once', () => {
    const transaction = anUnbilledTransaction({ transactionDate: '2024-03-10' });
    const line = aTimeAndMaterialLine({
      scheduleEntries: [aScheduleEntry('2024-03-15'), aScheduleEntry('2024-03-31')],
      unbilledTransactions: [transaction],
    });
    const proposal = proposeInvoices(
      aBillingInput({ customers: billingSplit('60', '40'), lines: [line] }),
      RUN_DATE,
    );

    const work = sut(proposal);

    expect(work.groups).toHaveLength(1);
    expect(work.groups[0].invoices).toHaveLength(2);
    expect(work.groups[0].transactionIds).toEqual([transaction.transactionId]);
    expect(work.groups[0].coveredScheduleEntries).toEqual([
      { contractLineId: line.contractLineId, invoiceRunDate: '2024-03-15' },
      { contractLineId: line.contractLineId, invoiceRunDate: '2024-03-31' },
    ]);
    expect(work.entriesWithoutInvoice).toEqual([]);
  });

  it('gives each effective run date its own group', () => {
    const early = aTimeAndMaterialLine({
      scheduleEntries: [aScheduleEntry('2024-03-15')],
      unbilledTransactions: [anUnbilledTransaction({ transactionDate: '2024-03-01' })],
    });
    const late = aTimeAndMaterialLine({
      scheduleEntries: [aScheduleEntry('2024-03-31')],
      unbilledTransactions: [anUnbilledTransaction({ transactionDate: '2024-03-20' })],
    });
    const work = sut(proposeInvoices(aBillingInput({ lines: [early, late] }), RUN_DATE));
    expect(work.groups.map((g) => g.invoices[0].invoiceRunDate)).toEqual(['2024-03-15', '2024-03-31']);
  });

  it('leaves the entries of a group with nothing to bill to be marked processed on their own', () => {
    const idle = aTimeAndMaterialLine({ scheduleEntries: [aScheduleEntry('2024-03-20')] });
    const work = sut(proposeInvoices(aBillingInput({ lines: [idle] }), RUN_DATE));
    expect(work.groups).toEqual([]);
    expect(work.entriesWithoutInvoice).toEqual([
      { contractLineId: idle.contractLineId, invoiceRunDate: '2024-03-20' },
    ]);
  });
});
