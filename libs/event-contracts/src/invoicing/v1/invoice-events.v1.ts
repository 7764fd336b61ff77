import { BillingMethodV1, TransactionClassV1 } from '../../contract/v1/contract-events.v1';

/**
 * Invoice events on `invoicing.invoices`, schema version 1 (docs/product.md 4.2), frozen: a published
 * version is never edited. A new shape is a `v2` file beside this one with an upcaster from v1; the
 * names without a version in `../invoice-events.ts` follow the latest.
 */
export interface InvoiceLineDetailV1 {
  readonly kind: 'Transaction' | 'Milestone';
  readonly id: string;
  readonly transactionClass: TransactionClassV1 | null;
  readonly date: string;
  readonly quantity: string | null;
  readonly unitPrice: string | null;
  readonly amount: string;
}

export interface InvoiceLineV1 {
  readonly lineNumber: number;
  readonly contractLineId: string;
  readonly billingMethod: BillingMethodV1;
  readonly amount: string;
  readonly details: readonly InvoiceLineDetailV1[];
}

/** An invoice as a whole: its header and every line with its totals and all of its details. */
export interface InvoiceDocumentV1 {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly contractId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly billingSplitPercent: string;
  readonly invoiceRunDate: string;
  readonly processRunId: string | null;
  readonly correctsInvoiceId: string | null;
  readonly status: 'Draft';
  readonly totalAmount: string;
  readonly lines: readonly InvoiceLineV1[];
}

/**
 * A new invoice: the whole header, every line with its totals and the details that fit one record
 * (docs/product.md 4.2 "Bounded records"); `detailParts` more records carry the rest.
 */
export interface InvoiceCreatedV1 extends InvoiceDocumentV1 {
  readonly detailParts: number;
}

export interface InvoicePartDetailV1 extends InvoiceLineDetailV1 {
  readonly lineNumber: number;
}

/** Details of an invoice that did not fit its `InvoiceCreated`, in detail order: part `part` of `partCount`. */
export interface InvoiceDetailsAddedV1 {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly contractId: string;
  readonly part: number;
  readonly partCount: number;
  readonly details: readonly InvoicePartDetailV1[];
}

export interface InvoiceConfirmedV1 {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly contractId: string;
}

/** The same fields as `InvoiceConfirmedV1` today, but its own shape: either may change alone. */
export interface InvoiceCancelledV1 {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly contractId: string;
}
