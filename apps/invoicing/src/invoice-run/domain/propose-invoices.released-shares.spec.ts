import {
  aBillingInput,
  aFixedPriceLine,
  aMilestone,
  aScheduleEntry,
  aTimeAndMaterialLine,
  anUnbilledTransaction,
  billingSplit,
} from '../../../test/billing.builders';
import { proposeInvoices as sut } from './propose-invoices';

/**
 * docs/product.md 3.12: a share released by a cancel goes back to its customer, at the amount it was billed
 * at.
 */
describe('proposeInvoices, released shares (docs/product.md 3.12)', () => {
  const customers = billingSplit('50', '50');
  const [sixty, forty] = customers.map((c) => c.customerId);

  it('bills a released share to its customer alone, at its amount, whatever the split is now', () => {
    const released = anUnbilledTransaction({
      transactionDate: '2024-02-28',
      quantity: '1',
      unitPrice: '100.01',
      releasedShares: [{ customerId: sixty, amount: '60.01', billingSplitPercent: '60' }],
    });
    const unbilled = anUnbilledTransaction({
      transactionDate: '2024-03-01',
      quantity: '1',
      unitPrice: '10.00',
    });
    const milestone = aMilestone({
      milestoneDate: '2024-03-05',
      amount: '1000.01',
      status: 'InvoiceCreated',
      releasedShares: [{ customerId: sixty, amount: '600.01', billingSplitPercent: '60' }],
    });
    const input = aBillingInput({
      customers,
      lines: [
        aTimeAndMaterialLine({
          scheduleEntries: [aScheduleEntry('2024-03-05')],
          unbilledTransactions: [released, unbilled],
        }),
        aFixedPriceLine({ milestones: [milestone] }),
      ],
    });

    const proposal = sut(input, '2024-03-05');

    const byCustomer = new Map(proposal.invoices.map((invoice) => [invoice.customerId, invoice]));
    expect(byCustomer.get(sixty)?.lines.map((line) => line.details.map((d) => [d.id, d.amount]))).toEqual([
      [
        [released.transactionId, '60.01'],
        [unbilled.transactionId, '5.00'],
      ],
      [[milestone.milestoneId, '600.01']],
    ]);
    expect(byCustomer.get(sixty)?.totalAmount).toBe('665.02');
    expect(byCustomer.get(forty)?.lines.map((line) => line.details.map((d) => [d.id, d.amount]))).toEqual([
      [[unbilled.transactionId, '5.00']],
      [],
    ]);
    expect(byCustomer.get(sixty)?.billedShares.map((s) => [s.itemId, s.rebilled])).toEqual([
      [released.transactionId, true],
      [unbilled.transactionId, false],
      [milestone.milestoneId, true],
    ]);
  });

  it('makes no invoice for a customer with nothing owed, and bills a customer no longer in the split', () => {
    const gone = 'customer-who-left';
    const released = anUnbilledTransaction({
      quantity: '1',
      unitPrice: '30.00',
      releasedShares: [{ customerId: gone, amount: '12.00', billingSplitPercent: '40' }],
    });
    const input = aBillingInput({
      customers,
      lines: [
        aTimeAndMaterialLine({
          scheduleEntries: [aScheduleEntry('2024-03-05')],
          unbilledTransactions: [released],
        }),
      ],
    });

    const proposal = sut(input, '2024-03-05');

    expect(proposal.invoices.map((i) => [i.customerId, i.billingSplitPercent, i.totalAmount])).toEqual([
      [gone, '40', '12.00'],
    ]);
  });

  it('dates a fixed-price line by its latest due milestone for every customer, also when only one share of that milestone is owed', () => {
    // The first customer's share of the later milestone stands; the second's was cancelled.
    const later = aMilestone({
      milestoneDate: '2024-03-20',
      amount: '100.00',
      status: 'InvoiceCreated',
      releasedShares: [{ customerId: forty, amount: '50.00', billingSplitPercent: '50' }],
    });
    const earlier = aMilestone({ milestoneDate: '2024-03-05', amount: '10.00', status: 'ReadyForInvoicing' });
    const input = aBillingInput({ customers, lines: [aFixedPriceLine({ milestones: [earlier, later] })] });

    const proposal = sut(input, '2024-03-31');

    expect(
      proposal.invoices.map((i) => [i.customerId, i.invoiceRunDate, i.lines[0].details.map((d) => d.id)]),
    ).toEqual([
      [sixty, '2024-03-20', [earlier.milestoneId]],
      [forty, '2024-03-20', [earlier.milestoneId, later.milestoneId]],
    ]);
  });
});
