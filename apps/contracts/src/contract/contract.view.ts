import {
  BillingMethod,
  ContractCustomer,
  MilestoneStatus,
  ScheduleFrequency,
  TransactionClass,
  TransactionRecorded,
} from '@app/event-contracts';
import { ContractLineState, ExistingContract, MilestoneState } from './domain';

/** Billing status of a transaction as the invoicing service last reported it. */
export type BillingStatus = 'Unbilled' | 'Billed' | 'Posted';

export interface ScheduleEntryView {
  readonly invoiceRunDate: string;
  readonly transactionCutoffDate: string;
  /** `RunSuccessful` once an invoice covered the entry; null while this service does not know. */
  readonly runStatus: 'RunSuccessful' | null;
}

/** One customer's share of a billed milestone and the invoice that holds it. */
export interface MilestoneShareView {
  readonly customerId: string;
  readonly status: 'InvoiceCreated' | 'InvoicePosted';
  readonly invoiceId: string;
  readonly invoiceNumber: string;
}

/** One customer's share of a billed transaction and the invoice that holds it. */
export interface TransactionShareView {
  readonly customerId: string;
  readonly billingStatus: 'Billed' | 'Posted';
  readonly invoiceId: string;
  readonly invoiceNumber: string;
}

export interface MilestoneView {
  readonly milestoneId: string;
  readonly name: string;
  readonly milestoneDate: string;
  readonly amount: string;
  readonly status: MilestoneStatus;
  readonly invoiceId: string | null;
  readonly invoiceNumber: string | null;
  /** Each customer's share an invoice holds, by customer id. */
  readonly shares: readonly MilestoneShareView[];
}

export interface TransactionCounts {
  readonly unbilled: number;
  readonly billed: number;
  readonly posted: number;
}

export interface ContractLineView {
  readonly contractLineId: string;
  readonly name: string;
  readonly billingMethod: BillingMethod;
  readonly includedTransactionClasses: readonly TransactionClass[];
  readonly notToExceed: string | null;
  readonly invoiceSchedule: { frequency: ScheduleFrequency | null; entries: ScheduleEntryView[] } | null;
  readonly milestones: readonly MilestoneView[];
  readonly transactions: TransactionCounts;
}

export interface ContractView {
  readonly contractId: string;
  readonly name: string;
  readonly customerId: string;
  readonly currency: string;
  readonly customers: readonly ContractCustomer[];
  readonly lines: readonly ContractLineView[];
  readonly version: number;
}

export interface TransactionView {
  readonly transactionId: string;
  readonly contractLineId: string;
  readonly transactionClass: TransactionClass;
  readonly transactionDate: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly amount: string;
  readonly description: string | null;
  readonly resourceRole: string | null;
  readonly billingStatus: BillingStatus;
  readonly invoiceId: string | null;
  readonly invoiceNumber: string | null;
  /** Each customer's share an invoice holds, by customer id. */
  readonly shares: readonly TransactionShareView[];
}

/**
 * A transaction as the view holds it right after the append that recorded it (unbilled, on no
 * invoice), so the answer to a write needs no read of the row it has just written.
 */
export function recordedTransactionView(recorded: TransactionRecorded): TransactionView {
  return {
    transactionId: recorded.transactionId,
    contractLineId: recorded.contractLineId,
    transactionClass: recorded.transactionClass,
    transactionDate: recorded.transactionDate,
    quantity: recorded.quantity,
    unitPrice: recorded.unitPrice,
    amount: recorded.amount,
    description: recorded.description,
    resourceRole: recorded.resourceRole,
    billingStatus: 'Unbilled',
    invoiceId: null,
    invoiceNumber: null,
    shares: [],
  };
}

/** What the invoicing service has told this service about a contract, from its invoice events. */
export interface InvoiceFacts {
  /** Milestone id → its invoice. */
  readonly milestoneInvoices: ReadonlyMap<
    string,
    { status: 'InvoiceCreated' | 'InvoicePosted'; invoiceId: string; invoiceNumber: string }
  >;
  /** Milestone id → the customer shares invoices hold. */
  readonly milestoneShares: ReadonlyMap<string, readonly MilestoneShareView[]>;
  /** Contract line id → the latest run date an invoice covered. */
  readonly lastInvoicedRunDate: ReadonlyMap<string, string>;
  /** Contract line id → transaction counts by billing status. */
  readonly transactionCounts: ReadonlyMap<string, TransactionCounts>;
  /** Item id → the order it was added in. */
  readonly addedOrder: ReadonlyMap<string, number>;
}

const NO_TRANSACTIONS: TransactionCounts = { unbilled: 0, billed: 0, posted: 0 };

function byAddedOrder<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  order: ReadonlyMap<string, number>,
): T[] {
  const position = (item: T) => order.get(idOf(item)) ?? Number.MAX_SAFE_INTEGER;
  return [...items].sort((a, b) => position(a) - position(b) || (idOf(a) < idOf(b) ? -1 : 1));
}

function milestoneView(milestone: MilestoneState, facts: InvoiceFacts): MilestoneView {
  const invoice = facts.milestoneInvoices.get(milestone.milestoneId);
  return {
    milestoneId: milestone.milestoneId,
    name: milestone.name,
    milestoneDate: milestone.milestoneDate,
    amount: milestone.amount,
    status: invoice?.status ?? milestone.status,
    invoiceId: invoice?.invoiceId ?? null,
    invoiceNumber: invoice?.invoiceNumber ?? null,
    shares: facts.milestoneShares.get(milestone.milestoneId) ?? [],
  };
}

function lineView(line: ContractLineState, facts: InvoiceFacts): ContractLineView {
  const invoicedUpTo = facts.lastInvoicedRunDate.get(line.contractLineId);
  const schedule = line.schedule && {
    frequency: line.schedule.frequency,
    entries: line.schedule.entries.map((entry) => ({
      ...entry,
      runStatus:
        invoicedUpTo !== undefined && entry.invoiceRunDate <= invoicedUpTo
          ? ('RunSuccessful' as const)
          : null,
    })),
  };
  const milestones = byAddedOrder(Object.values(line.milestones), (m) => m.milestoneId, facts.addedOrder);
  return {
    contractLineId: line.contractLineId,
    name: line.name,
    billingMethod: line.billingMethod,
    includedTransactionClasses: line.includedTransactionClasses,
    notToExceed: line.notToExceed,
    invoiceSchedule: schedule,
    milestones: milestones.map((milestone) => milestoneView(milestone, facts)),
    transactions: facts.transactionCounts.get(line.contractLineId) ?? NO_TRANSACTIONS,
  };
}

/** The contract as `GET /contracts/{id}` shows it: its decision state plus what invoicing reported. */
export function contractView(contract: ExistingContract, version: number, facts: InvoiceFacts): ContractView {
  const lines = byAddedOrder(Object.values(contract.lines), (l) => l.contractLineId, facts.addedOrder);
  return {
    contractId: contract.contractId,
    name: contract.name,
    customerId: contract.customerId,
    currency: contract.currency,
    customers: contract.customers,
    lines: lines.map((line) => lineView(line, facts)),
    version,
  };
}
