import { InvoiceDocument, InvoiceLine } from '@app/event-contracts';

/** A schedule entry of a time-and-material line, by its natural key. */
export interface ScheduleEntryRef {
  readonly contractLineId: string;
  readonly invoiceRunDate: string;
}

/**
 * One customer's share of one item, as an invoice bills it (one detail of the invoice). A
 * `rebilled` share was billed before and released by a cancel while other shares of the item
 * stood: it is billed again at the amount it was billed at (docs/product.md 3.12).
 */
export interface BilledShare {
  readonly kind: 'Transaction' | 'Milestone';
  readonly itemId: string;
  readonly contractLineId: string;
  readonly amount: string;
  readonly rebilled: boolean;
}

/**
 * Everything an `InvoiceCreated` carries except what the orchestrator assigns (invoice id, number,
 * process run id), plus the inputs behind it so persistence can mark them and anyone can later
 * explain the invoice.
 */
export interface ProposedInvoice {
  /**
   * `contractId/invoiceRunDate`: the invoices of one group (one per customer of a billing split)
   * share it, are adjacent in a proposal, and cover the same schedule entries; each bills its
   * customer's shares of the group's items. Persist them in one transaction.
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
  /** Items this invoice bills a share of (its details). */
  readonly billedTransactionIds: readonly string[];
  readonly billedMilestoneIds: readonly string[];
  /** This invoice's customer's shares, one per detail. */
  readonly billedShares: readonly BilledShare[];
  readonly coveredScheduleEntries: readonly ScheduleEntryRef[];
}

export interface InvoiceIdentity {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  /** Null for an invoice made outside a process run (a corrective invoice). */
  readonly processRunId: string | null;
}

/** The whole invoice of a proposal once the orchestrator has given it an identity. */
export function toInvoiceDocument(proposal: ProposedInvoice, identity: InvoiceIdentity): InvoiceDocument {
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
