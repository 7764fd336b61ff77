import { randomUUID } from 'node:crypto';
import { InvoiceCreated, TRANSACTION_CLASSES, add, format, lineAmount, money } from '@app/event-contracts';
import type {
  BillingCustomer,
  BillingLine,
  BillingMilestone,
  BillingScheduleEntry,
  ContractBillingInput,
  InvoiceProposal,
  UnbilledTransaction,
} from '../src/invoice-run/domain';

/**
 * Fixtures for the invoice generator and the invoice aggregate, each with fresh UUIDs so tests
 * never share ids. Defaults describe the most ordinary case (EUR, one customer at 100 %, all
 * transaction classes, no ceiling, nothing invoiced yet); a test overrides only what its rule is
 * about.
 */
export function aBillingInput(overrides: Partial<ContractBillingInput> = {}): ContractBillingInput {
  return {
    contractId: randomUUID(),
    currency: 'EUR',
    customers: [aBillingCustomer()],
    lines: [],
    ...overrides,
  };
}

export function aBillingCustomer(billingSplitPercent = '100'): BillingCustomer {
  return { customerId: randomUUID(), billingSplitPercent };
}

/** Customers of a billing split, in order (the last one takes rounding remainders). */
export function billingSplit(...percents: string[]): BillingCustomer[] {
  return percents.map((percent) => aBillingCustomer(percent));
}

export function aTimeAndMaterialLine(overrides: Partial<BillingLine> = {}): BillingLine {
  return {
    contractLineId: randomUUID(),
    name: 'Consulting',
    billingMethod: 'TimeAndMaterial',
    includedTransactionClasses: [...TRANSACTION_CLASSES],
    notToExceed: null,
    invoicedTotal: '0',
    scheduleEntries: [],
    milestones: [],
    unbilledTransactions: [],
    ...overrides,
  };
}

export function aFixedPriceLine(overrides: Partial<BillingLine> = {}): BillingLine {
  return aTimeAndMaterialLine({ name: 'Implementation', billingMethod: 'FixedPrice', ...overrides });
}

/** An unprocessed entry whose cut-off is, as by default, the day before its run date. */
export function aScheduleEntry(
  invoiceRunDate: string,
  overrides: Partial<BillingScheduleEntry> = {},
): BillingScheduleEntry {
  return {
    invoiceRunDate,
    transactionCutoffDate: shiftDate(invoiceRunDate, -1),
    status: 'NotRun',
    ...overrides,
  };
}

/** One entry per day from `from` to `to`, both included. */
export function dailyScheduleEntries(
  from: string,
  to: string,
  status: BillingScheduleEntry['status'] = 'NotRun',
): BillingScheduleEntry[] {
  const entries: BillingScheduleEntry[] = [];
  for (let date = from; date <= to; date = shiftDate(date, 1)) entries.push(aScheduleEntry(date, { status }));
  return entries;
}

export function aMilestone(overrides: Partial<BillingMilestone> = {}): BillingMilestone {
  return {
    milestoneId: randomUUID(),
    name: 'Design signed off',
    milestoneDate: '2024-03-01',
    amount: '1000.00',
    status: 'ReadyForInvoicing',
    ...overrides,
  };
}

/**
 * An unbilled transaction; its amount is quantity × unit price in `currency`, as the contracts
 * service records it, unless the override gives one.
 */
export function anUnbilledTransaction(
  overrides: Partial<UnbilledTransaction> = {},
  currency = 'EUR',
): UnbilledTransaction {
  const quantity = overrides.quantity ?? '8';
  const unitPrice = overrides.unitPrice ?? '100.00';
  return {
    transactionId: randomUUID(),
    transactionClass: 'Time',
    transactionDate: '2024-03-01',
    description: null,
    resourceRole: null,
    ...overrides,
    quantity,
    unitPrice,
    amount: overrides.amount ?? format(lineAmount(quantity, unitPrice, currency)),
  };
}

/** A draft invoice of one line billing one transaction of 800.00, every detail in the event. */
export function anInvoiceCreated(overrides: Partial<InvoiceCreated> = {}): InvoiceCreated {
  return {
    detailParts: 0,
    invoiceId: randomUUID(),
    invoiceNumber: 'INV-000001',
    contractId: randomUUID(),
    customerId: randomUUID(),
    currency: 'EUR',
    billingSplitPercent: '100',
    invoiceRunDate: '2024-03-02',
    processRunId: randomUUID(),
    correctsInvoiceId: null,
    status: 'Draft',
    totalAmount: '800.00',
    lines: [
      {
        lineNumber: 1,
        contractLineId: randomUUID(),
        billingMethod: 'TimeAndMaterial',
        amount: '800.00',
        details: [
          {
            kind: 'Transaction',
            id: randomUUID(),
            transactionClass: 'Time',
            date: '2024-03-01',
            quantity: '8',
            unitPrice: '100.00',
            amount: '800.00',
          },
        ],
      },
    ],
    ...overrides,
  };
}

/**
 * The billing input as the projection would show it once a proposal is persisted: billed
 * transactions gone from unbilled, billed milestones `InvoiceCreated`, processed entries
 * `RunSuccessful`, and each line's invoiced total raised by what it billed (all customers).
 */
export function afterPersisting(
  input: ContractBillingInput,
  proposal: InvoiceProposal,
): ContractBillingInput {
  const billedTransactions = new Set(proposal.invoices.flatMap((i) => i.billedTransactionIds));
  const billedMilestones = new Set(proposal.invoices.flatMap((i) => i.billedMilestoneIds));
  const processed = new Set(proposal.processedEntries.map((e) => `${e.contractLineId}/${e.invoiceRunDate}`));
  const invoicedNow = (contractLineId: string) =>
    proposal.invoices
      .flatMap((i) => i.lines)
      .filter((l) => l.contractLineId === contractLineId)
      .reduce((total, l) => add(total, money(l.amount, input.currency)), money('0', input.currency));
  return {
    ...input,
    lines: input.lines.map((line) => ({
      ...line,
      invoicedTotal: format(add(money(line.invoicedTotal, input.currency), invoicedNow(line.contractLineId))),
      scheduleEntries: line.scheduleEntries.map((e) =>
        processed.has(`${line.contractLineId}/${e.invoiceRunDate}`) ? { ...e, status: 'RunSuccessful' } : e,
      ),
      milestones: line.milestones.map((m) =>
        billedMilestones.has(m.milestoneId) ? { ...m, status: 'InvoiceCreated' } : m,
      ),
      unbilledTransactions: line.unbilledTransactions.filter((t) => !billedTransactions.has(t.transactionId)),
    })),
  };
}

/** Moves a 'YYYY-MM-DD' date by whole days (in UTC, so no time zone shifts it). */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
