import { InvoiceCreated, InvoiceLine } from '@app/event-contracts';

/** A schedule entry of a time-and-material line, by its natural key. */
export interface ScheduleEntryRef {
  readonly contractLineId: string;
  readonly invoiceRunDate: string;
}

/**
 * Everything an `InvoiceCreated` carries except what the orchestrator assigns (invoice id, number,
 * process run id), plus the inputs behind it so persistence can mark them and anyone can later
 * explain the invoice.
 */
export interface ProposedInvoice {
  /**
   * `contractId/invoiceRunDate`: the invoices of one group (one per customer of a billing split)
   * share it, are adjacent in a proposal, and bill the same transactions, milestones and schedule
   * entries; persist them in one transaction.
   */
  readonly groupKey: string;
  readonly contractId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly billingSplitPercent: string;
  readonly invoiceRunDate: string;
  readonly correctsInvoiceId: string | null;
  readonly totalAmount: string;
  readonly lines: readonly InvoiceLine[];
  readonly billedTransactionIds: readonly string[];
  readonly billedMilestoneIds: readonly string[];
  readonly coveredScheduleEntries: readonly ScheduleEntryRef[];
}

export type HeldBackReason = 'NotToExceed';

/** A transaction that was due but stays unbilled, and why. */
export interface HeldBackTransaction {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly transactionId: string;
  readonly transactionDate: string;
  readonly amount: string;
  readonly reason: HeldBackReason;
  readonly notToExceed: string;
}

/**
 * How a contract's lines fared. Every line is counted in exactly one of `linesDue`,
 * `linesNotDue` and `skippedNoSchedule`, so `contractLinesConsidered` is their sum.
 */
export interface InvoiceProposalCounts {
  /** Every contract line the generator looked at. */
  readonly contractLinesConsidered: number;
  /** T&M lines with an unprocessed entry on or before the run date, FP lines with a due milestone. */
  readonly linesDue: number;
  /** Lines with a schedule or milestones, none of them due now: not a skip, just not yet. */
  readonly linesNotDue: number;
  /** T&M lines without a single schedule entry, FP lines without a single milestone (SPEC 3.4). */
  readonly skippedNoSchedule: number;
  /**
   * Due lines that bill nothing this time: no eligible transaction, or every one held back by
   * not-to-exceed. Counted even when the line appears with amount zero on its group's invoice.
   */
  readonly skippedNoTransactions: number;
  /** Transactions (not lines) held back by a not-to-exceed ceiling. */
  readonly heldBackByNotToExceed: number;
  readonly invoicesProposed: number;
  readonly transactionsBilled: number;
  readonly milestonesBilled: number;
}

export interface InvoiceProposal {
  /** Ordered by invoice run date, then customer order; lines in contract line order. */
  readonly invoices: readonly ProposedInvoice[];
  /**
   * Every schedule entry the run processes, including those of groups with nothing to bill:
   * all of them become `RunSuccessful` (the ones on an invoice together with that invoice).
   */
  readonly processedEntries: readonly ScheduleEntryRef[];
  readonly counts: InvoiceProposalCounts;
  readonly heldBack: readonly HeldBackTransaction[];
}

export function emptyCounts(): InvoiceProposalCounts {
  return {
    contractLinesConsidered: 0,
    linesDue: 0,
    linesNotDue: 0,
    skippedNoSchedule: 0,
    skippedNoTransactions: 0,
    heldBackByNotToExceed: 0,
    invoicesProposed: 0,
    transactionsBilled: 0,
    milestonesBilled: 0,
  };
}

/** Sums the counts of several contracts, e.g. over the chunks of a process run. */
export function addCounts(a: InvoiceProposalCounts, b: InvoiceProposalCounts): InvoiceProposalCounts {
  const total = { ...a };
  for (const key of Object.keys(b) as (keyof InvoiceProposalCounts)[]) total[key] = a[key] + b[key];
  return total;
}

export interface InvoiceIdentity {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  /** Null for an invoice made outside a process run (a corrective invoice). */
  readonly processRunId: string | null;
}

/** The published event for a proposal once the orchestrator has given it an identity. */
export function toInvoiceCreated(proposal: ProposedInvoice, identity: InvoiceIdentity): InvoiceCreated {
  return {
    invoiceId: identity.invoiceId,
    invoiceNumber: identity.invoiceNumber,
    contractId: proposal.contractId,
    customerId: proposal.customerId,
    currency: proposal.currency,
    billingSplitPercent: proposal.billingSplitPercent,
    invoiceRunDate: proposal.invoiceRunDate,
    processRunId: identity.processRunId,
    correctsInvoiceId: proposal.correctsInvoiceId,
    status: 'Draft',
    totalAmount: proposal.totalAmount,
    lines: proposal.lines,
  };
}
