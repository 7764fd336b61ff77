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

const dueLine = (transactions: ReturnType<typeof anUnbilledTransaction>[]) =>
  aTimeAndMaterialLine({
    scheduleEntries: [aScheduleEntry('2024-03-05')],
    unbilledTransactions: transactions,
  });

describe('proposeInvoices, money (docs/product.md 3.7)', () => {
  it('carries each transaction as a detail with its quantity, unit price and rounded amount', () => {
    const transaction = anUnbilledTransaction({ quantity: '1.5', unitPrice: '33.333' });
    const [invoice] = sut(aBillingInput({ lines: [dueLine([transaction])] }), '2024-03-05').invoices;
    expect(invoice.lines[0].details).toEqual([
      {
        kind: 'Transaction',
        id: transaction.transactionId,
        transactionClass: 'Time',
        date: '2024-03-01',
        quantity: '1.5',
        unitPrice: '33.333',
        amount: '50.00',
      },
    ]);
  });

  it('adds amounts exactly, without floating point drift', () => {
    const dimes = Array.from({ length: 3 }, () =>
      anUnbilledTransaction({ quantity: '1', unitPrice: '0.10' }),
    );
    const [invoice] = sut(aBillingInput({ lines: [dueLine(dimes)] }), '2024-03-05').invoices;
    expect([invoice.lines[0].amount, invoice.totalAmount]).toEqual(['0.30', '0.30']);
  });

  it('writes yen without decimals', () => {
    const yen = anUnbilledTransaction({ quantity: '3', unitPrice: '333.5' }, 'JPY');
    const milestone = aMilestone({ milestoneDate: '2024-03-05', amount: '50000' });
    const input = aBillingInput({
      currency: 'JPY',
      lines: [dueLine([yen]), aFixedPriceLine({ milestones: [milestone] })],
    });
    const [invoice] = sut(input, '2024-03-05').invoices;
    expect(invoice.lines.map((l) => l.amount)).toEqual(['1001', '50000']);
    expect(invoice.totalAmount).toBe('51001');
  });
});

describe('proposeInvoices, for a contract with a billing split (docs/product.md 3.10)', () => {
  const customers = billingSplit('33.33', '33.33', '33.34');

  it('creates one invoice per customer, splitting 100.00 into 33.33, 33.33 and 33.34', () => {
    const transaction = anUnbilledTransaction({ quantity: '1', unitPrice: '100.00' });
    const { invoices } = sut(aBillingInput({ customers, lines: [dueLine([transaction])] }), '2024-03-05');
    expect(invoices.map((i) => [i.customerId, i.billingSplitPercent, i.totalAmount])).toEqual([
      [customers[0].customerId, '33.33', '33.33'],
      [customers[1].customerId, '33.33', '33.33'],
      [customers[2].customerId, '33.34', '33.34'],
    ]);
  });

  it('gives the rounding remainder of 10.00 to the last customer', () => {
    const transaction = anUnbilledTransaction({ quantity: '1', unitPrice: '10.00' });
    const { invoices } = sut(aBillingInput({ customers, lines: [dueLine([transaction])] }), '2024-03-05');
    expect(invoices.map((i) => i.lines[0].details[0].amount)).toEqual(['3.33', '3.33', '3.34']);
  });

  it('splits yen into whole yen', () => {
    const yen = anUnbilledTransaction({ quantity: '1', unitPrice: '1000' }, 'JPY');
    const input = aBillingInput({ currency: 'JPY', customers, lines: [dueLine([yen])] });
    expect(sut(input, '2024-03-05').invoices.map((i) => i.totalAmount)).toEqual(['333', '333', '334']);
  });

  describe('with several details and lines', () => {
    const transactions = ['10.00', '10.00', '0.05', '7.77'].map((unitPrice) =>
      anUnbilledTransaction({ quantity: '1', unitPrice }),
    );
    const fixedPrice = aFixedPriceLine({
      milestones: [aMilestone({ milestoneDate: '2024-03-05', amount: '0.01' })],
    });
    const input = aBillingInput({ customers, lines: [dueLine(transactions), fixedPrice] });
    const { invoices } = sut(input, '2024-03-05');

    it('keeps every invoice consistent: details add up to each line, lines to the total', () => {
      for (const invoice of invoices) {
        for (const line of invoice.lines)
          expect(cents(line.details.map((d) => d.amount))).toBe(cents([line.amount]));
        expect(cents(invoice.lines.map((l) => l.amount))).toBe(cents([invoice.totalAmount]));
      }
    });

    it('splits each line by percentage with the remainder to the last customer', () => {
      expect(invoices.map((i) => i.lines[0].amount)).toEqual(['9.27', '9.27', '9.28']);
      expect(invoices.map((i) => i.lines[1].amount)).toEqual(['0.00', '0.00', '0.01']);
    });

    it('makes the customer parts of every detail add up to exactly the detail', () => {
      transactions.forEach((transaction) => {
        const parts = invoices.map(
          (i) => i.lines[0].details.find((d) => d.id === transaction.transactionId)!.amount,
        );
        expect(cents(parts)).toBe(cents([transaction.amount]));
      });
    });

    it('lets all invoices of the group bill the same transactions, milestones and entries', () => {
      const inputs = invoices.map((i) => [i.groupKey, i.billedTransactionIds, i.billedMilestoneIds]);
      expect(new Set(inputs.map((x) => JSON.stringify(x))).size).toBe(1);
    });
  });

  it('creates no invoice for a customer at 0 %', () => {
    const split = billingSplit('0', '100');
    const transaction = anUnbilledTransaction();
    const { invoices } = sut(
      aBillingInput({ customers: split, lines: [dueLine([transaction])] }),
      '2024-03-05',
    );
    expect(invoices.map((i) => [i.customerId, i.totalAmount])).toEqual([[split[1].customerId, '800.00']]);
  });
});

function cents(amounts: readonly string[]): bigint {
  return amounts.reduce((total, amount) => total + BigInt(amount.replace('.', '')), 0n);
}
