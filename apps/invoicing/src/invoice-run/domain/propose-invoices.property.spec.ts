import fc from 'fast-check';
import { TRANSACTION_CLASSES } from '@app/event-contracts';
import {
  aBillingInput,
  aTimeAndMaterialLine,
  anUnbilledTransaction,
  shiftDate,
} from '../../../test/billing.builders';
import { BillingLine, ContractBillingInput, SCHEDULE_ENTRY_STATUSES } from './billing-input';
import { proposeInvoices as sut } from './propose-invoices';

const day = (offset: number) => shiftDate('2024-03-01', offset);
const dayArb = fc.integer({ min: -5, max: 12 }).map(day);

const entryArb = fc.record({
  invoiceRunDate: dayArb,
  cutoffLag: fc.integer({ min: 0, max: 3 }),
  status: fc.constantFrom(...SCHEDULE_ENTRY_STATUSES),
});
const transactionArb = fc.record({
  transactionClass: fc.constantFrom(...TRANSACTION_CLASSES),
  transactionDate: dayArb,
  quantity: fc.integer({ min: -2, max: 40 }).filter((q) => q !== 0),
  cents: fc.integer({ min: 0, max: 25_000 }),
});
const lineArb = fc.record({
  entries: fc.uniqueArray(entryArb, { maxLength: 5, selector: (e) => e.invoiceRunDate }),
  transactions: fc.array(transactionArb, { maxLength: 8 }),
  classes: fc.subarray([...TRANSACTION_CLASSES], { minLength: 1 }),
  notToExceed: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: null }),
  invoicedCents: fc.integer({ min: 0, max: 100_000 }),
});
type LineSpec = typeof lineArb extends fc.Arbitrary<infer T> ? T : never;
const splitArb = fc.constantFrom(['100'], ['50', '50'], ['33.33', '33.33', '33.34'], ['0', '70', '30']);

const euros = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

function toLine(spec: LineSpec): BillingLine {
  return aTimeAndMaterialLine({
    includedTransactionClasses: spec.classes,
    notToExceed: spec.notToExceed === null ? null : euros(spec.notToExceed),
    invoicedTotal: euros(spec.invoicedCents),
    scheduleEntries: spec.entries.map((e) => ({
      invoiceRunDate: e.invoiceRunDate,
      transactionCutoffDate: shiftDate(e.invoiceRunDate, -e.cutoffLag),
      status: e.status,
    })),
    unbilledTransactions: spec.transactions.map((t) =>
      anUnbilledTransaction({
        transactionClass: t.transactionClass,
        transactionDate: t.transactionDate,
        quantity: String(t.quantity),
        unitPrice: euros(t.cents),
      }),
    ),
  });
}

const inputArb = fc
  .record({ lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }), split: splitArb, runDate: dayArb })
  .map(({ lines, split, runDate }) => ({
    input: aBillingInput({
      customers: split.map((p, i) => ({ customerId: `customer-${i + 1}`, billingSplitPercent: p })),
      lines: lines.map(toLine),
    }),
    runDate,
  }));

/** The transactions docs/product.md 3.1 makes eligible, computed the plain way. */
function eligibleIds(input: ContractBillingInput, runDate: string): Set<string> {
  const ids = new Set<string>();
  for (const line of input.lines) {
    const due = line.scheduleEntries.filter(
      (e) => e.status !== 'RunSuccessful' && e.invoiceRunDate <= runDate,
    );
    if (due.length === 0) continue;
    const effective = due.reduce((a, b) => (b.invoiceRunDate > a.invoiceRunDate ? b : a));
    line.unbilledTransactions
      .filter((t) => line.includedTransactionClasses.includes(t.transactionClass))
      .filter((t) => t.transactionDate <= effective.transactionCutoffDate)
      .forEach((t) => ids.add(t.transactionId));
  }
  return ids;
}

const cents = (amount: string) => BigInt(amount.replace('.', ''));
const sumCents = (amounts: readonly string[]) => amounts.reduce((acc, a) => acc + cents(a), 0n);

describe('proposeInvoices, properties', () => {
  it('bills every eligible transaction in exactly one group or holds it back, and nothing else', () => {
    fc.assert(
      fc.property(inputArb, ({ input, runDate }) => {
        const proposal = sut(input, runDate);
        const groups = new Map(proposal.invoices.map((i) => [i.groupKey, i.billedTransactionIds]));
        const billed = [...groups.values()].flat();
        const heldBack = proposal.heldBack.map((h) => h.transactionId);
        expect(new Set(billed).size).toBe(billed.length);
        expect(new Set([...billed, ...heldBack]).size).toBe(billed.length + heldBack.length);
        expect(new Set([...billed, ...heldBack])).toEqual(eligibleIds(input, runDate));
      }),
    );
  });

  it('keeps every invoice consistent and never empty', () => {
    fc.assert(
      fc.property(inputArb, ({ input, runDate }) => {
        for (const invoice of sut(input, runDate).invoices) {
          expect(invoice.billedTransactionIds.length + invoice.billedMilestoneIds.length).toBeGreaterThan(0);
          invoice.lines.forEach((line, index) => {
            expect(line.lineNumber).toBe(index + 1);
            expect(sumCents(line.details.map((d) => d.amount))).toBe(cents(line.amount));
          });
          expect(sumCents(invoice.lines.map((l) => l.amount))).toBe(cents(invoice.totalAmount));
        }
      }),
    );
  });

  it('splits a group so that the customer totals add up to everything it bills', () => {
    fc.assert(
      fc.property(inputArb, ({ input, runDate }) => {
        const proposal = sut(input, runDate);
        const amountById = new Map(
          input.lines.flatMap((l) => l.unbilledTransactions).map((t) => [t.transactionId, t.amount]),
        );
        for (const key of new Set(proposal.invoices.map((i) => i.groupKey))) {
          const group = proposal.invoices.filter((i) => i.groupKey === key);
          const billed = group[0].billedTransactionIds.map((id) => amountById.get(id) ?? 'missing');
          expect(sumCents(group.map((i) => i.totalAmount))).toBe(sumCents(billed));
        }
      }),
    );
  });

  it('keeps every line within its not-to-exceed ceiling', () => {
    fc.assert(
      fc.property(inputArb, ({ input, runDate }) => {
        const proposal = sut(input, runDate);
        for (const line of input.lines) {
          if (line.notToExceed === null || cents(line.invoicedTotal) > cents(line.notToExceed)) continue;
          const billedNow = proposal.invoices
            .flatMap((i) => i.lines)
            .filter((l) => l.contractLineId === line.contractLineId)
            .map((l) => l.amount);
          expect(cents(line.invoicedTotal) + sumCents(billedNow)).toBeLessThanOrEqual(
            cents(line.notToExceed),
          );
        }
      }),
    );
  });
});
