import { anInvoiceCreated } from '../../../test/billing.builders';
import { correctiveInvoice as sut } from './corrective-invoice';
import { toInvoiceDocument } from './proposed-invoice';

describe('correctiveInvoice', () => {
  const original = anInvoiceCreated({
    currency: 'EUR',
    billingSplitPercent: '60',
    totalAmount: '1300.00',
    lines: [
      {
        lineNumber: 1,
        contractLineId: 'line-1',
        billingMethod: 'TimeAndMaterial',
        amount: '300.00',
        details: [
          {
            kind: 'Transaction',
            id: 'transaction-1',
            transactionClass: 'Expense',
            date: '2024-03-01',
            quantity: '2.5',
            unitPrice: '120.00',
            amount: '300.00',
          },
        ],
      },
      {
        lineNumber: 2,
        contractLineId: 'line-2',
        billingMethod: 'FixedPrice',
        amount: '1000.00',
        details: [
          {
            kind: 'Milestone',
            id: 'milestone-1',
            transactionClass: null,
            date: '2024-03-01',
            quantity: null,
            unitPrice: null,
            amount: '1000.00',
          },
        ],
      },
      {
        lineNumber: 3,
        contractLineId: 'line-3',
        billingMethod: 'TimeAndMaterial',
        amount: '0.00',
        details: [],
      },
    ],
  });

  it('credits the original: every amount negated, pointing at it', () => {
    const credit = sut(original);
    expect(credit.correctsInvoiceId).toBe(original.invoiceId);
    expect(credit.totalAmount).toBe('-1300.00');
    expect(credit.lines.map((l) => [l.lineNumber, l.contractLineId, l.amount])).toEqual([
      [1, 'line-1', '-300.00'],
      [2, 'line-2', '-1000.00'],
      [3, 'line-3', '0.00'],
    ]);
  });

  it('negates quantities but not unit prices, so quantity × unit price still gives the amount', () => {
    const [transaction] = sut(original).lines[0].details;
    expect(transaction).toMatchObject({ quantity: '-2.5', unitPrice: '120.00', amount: '-300.00' });
    expect(sut(original).lines[1].details[0]).toMatchObject({
      quantity: null,
      unitPrice: null,
      amount: '-1000.00',
    });
  });

  it('keeps the customer, split, currency and run date of the original', () => {
    expect(sut(original)).toMatchObject({
      contractId: original.contractId,
      customerId: original.customerId,
      currency: 'EUR',
      billingSplitPercent: '60',
      invoiceRunDate: original.invoiceRunDate,
    });
  });

  it('bills nothing itself and covers no schedule entry', () => {
    expect(sut(original)).toMatchObject({
      billedTransactionIds: [],
      billedMilestoneIds: [],
      billedShares: [],
      coveredScheduleEntries: [],
    });
  });

  it('becomes a draft InvoiceDocument once given an identity', () => {
    const event = toInvoiceDocument(sut(original), {
      invoiceId: 'credit-id',
      invoiceNumber: 'INV-000002',
      processRunId: null,
    });
    expect(event).toMatchObject({
      invoiceId: 'credit-id',
      invoiceNumber: 'INV-000002',
      processRunId: null,
      correctsInvoiceId: original.invoiceId,
      status: 'Draft',
    });
  });

  it('writes yen credits without decimals', () => {
    const yen = anInvoiceCreated({ currency: 'JPY', totalAmount: '5000', lines: [] });
    expect(sut(yen).totalAmount).toBe('-5000');
  });
});
