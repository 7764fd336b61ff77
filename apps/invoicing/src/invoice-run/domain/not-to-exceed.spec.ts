import {
  aBillingInput,
  aScheduleEntry,
  aTimeAndMaterialLine,
  anUnbilledTransaction,
} from '../../../test/billing.builders';
import { applyNotToExceed as sut } from './not-to-exceed';
import { proposeInvoices } from './propose-invoices';

const ids = (transactions: readonly { transactionId: string }[]) => transactions.map((t) => t.transactionId);

describe('applyNotToExceed (docs/product.md 3.6)', () => {
  const first = anUnbilledTransaction({ transactionDate: '2024-03-01', amount: '500.00' });
  const second = anUnbilledTransaction({ transactionDate: '2024-03-02', amount: '300.00' });
  const third = anUnbilledTransaction({ transactionDate: '2024-03-03', amount: '100.00' });

  it('bills everything when the line has no ceiling', () => {
    expect(sut([first, second], '99999.00', null, 'EUR')).toEqual({ billed: [first, second], heldBack: [] });
  });

  it('bills a transaction that brings the invoiced total exactly to the ceiling', () => {
    const outcome = sut([first, second], '200.00', '1000.00', 'EUR');
    expect(ids(outcome.billed)).toEqual(ids([first, second]));
    expect(outcome.heldBack).toEqual([]);
  });

  it('holds back a transaction that would go one cent over the ceiling', () => {
    const outcome = sut([first, second], '200.01', '1000.00', 'EUR');
    expect(ids(outcome.billed)).toEqual(ids([first]));
    expect(ids(outcome.heldBack)).toEqual(ids([second]));
  });

  it('holds back every later transaction too, even one that would still fit', () => {
    const outcome = sut([first, second, third], '300.00', '1000.00', 'EUR');
    expect(ids(outcome.billed)).toEqual(ids([first]));
    expect(ids(outcome.heldBack)).toEqual(ids([second, third]));
  });

  it('holds back everything once the line is already at its ceiling', () => {
    expect(ids(sut([first], '1000.00', '1000.00', 'EUR').heldBack)).toEqual(ids([first]));
  });

  it('compares in the minor units of the currency (JPY has none)', () => {
    const yen = anUnbilledTransaction({ amount: '1000' }, 'JPY');
    expect(ids(sut([yen], '0', '1000', 'JPY').billed)).toEqual(ids([yen]));
    expect(ids(sut([yen], '1', '1000', 'JPY').heldBack)).toEqual(ids([yen]));
  });
});

describe('proposeInvoices with a not-to-exceed ceiling', () => {
  const a = anUnbilledTransaction({
    transactionDate: '2024-03-01',
    transactionId: 'b-later-id',
    amount: '400.00',
  });
  const b = anUnbilledTransaction({
    transactionDate: '2024-03-01',
    transactionId: 'a-early-id',
    amount: '400.00',
  });
  const c = anUnbilledTransaction({ transactionDate: '2024-03-02', amount: '400.00' });
  const line = aTimeAndMaterialLine({
    notToExceed: '1000.00',
    invoicedTotal: '100.00',
    scheduleEntries: [aScheduleEntry('2024-03-05')],
    unbilledTransactions: [c, a, b],
  });
  const input = aBillingInput({ lines: [line] });

  it('bills in date order, then id order, up to the ceiling', () => {
    expect(proposeInvoices(input, '2024-03-05').invoices[0].billedTransactionIds).toEqual([
      b.transactionId,
      a.transactionId,
    ]);
  });

  it('reports what it held back and counts the transactions', () => {
    const proposal = proposeInvoices(input, '2024-03-05');
    expect(proposal.heldBack).toEqual([
      {
        contractId: input.contractId,
        contractLineId: line.contractLineId,
        transactionId: c.transactionId,
        transactionDate: '2024-03-02',
        amount: '400.00',
        reason: 'NotToExceed',
        notToExceed: '1000.00',
      },
    ]);
    expect(proposal.counts.heldBackByNotToExceed).toBe(1);
  });

  it('creates no invoice when everything is held back, yet processes the entry', () => {
    const full = aBillingInput({ lines: [{ ...line, invoicedTotal: '1000.00' }] });
    const proposal = proposeInvoices(full, '2024-03-05');
    expect(proposal.invoices).toEqual([]);
    expect(proposal.processedEntries).toHaveLength(1);
    expect(proposal.counts).toMatchObject({ heldBackByNotToExceed: 3, skippedNoTransactions: 1 });
  });
});
