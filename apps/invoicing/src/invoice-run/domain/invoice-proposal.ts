import { ProposedInvoice, ScheduleEntryRef } from '../../invoice/domain';

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
  /** T&M lines without a single schedule entry, FP lines without a single milestone (docs/product.md 3.4). */
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
