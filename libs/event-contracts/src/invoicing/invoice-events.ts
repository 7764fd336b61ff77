import { EventEnvelope } from '../envelope';
import { BillingMethod, TransactionClass } from '../contract/contract-events';

export interface InvoiceLineDetail {
  readonly kind: 'Transaction' | 'Milestone';
  readonly id: string;
  readonly transactionClass: TransactionClass | null;
  readonly date: string;
  readonly quantity: string | null;
  readonly unitPrice: string | null;
  readonly amount: string;
}

export interface InvoiceLine {
  readonly lineNumber: number;
  readonly contractLineId: string;
  readonly billingMethod: BillingMethod;
  readonly amount: string;
  readonly details: readonly InvoiceLineDetail[];
}

export interface InvoiceCreated {
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
  readonly lines: readonly InvoiceLine[];
}

export interface InvoiceConfirmed {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly contractId: string;
}

export type InvoiceCancelled = InvoiceConfirmed;

export interface InvoiceEventDataByType {
  InvoiceCreated: InvoiceCreated;
  InvoiceConfirmed: InvoiceConfirmed;
  InvoiceCancelled: InvoiceCancelled;
}
export type InvoiceEventType = keyof InvoiceEventDataByType;
export type InvoiceEvent = {
  [K in InvoiceEventType]: { readonly type: K; readonly data: InvoiceEventDataByType[K] };
}[InvoiceEventType];
export type InvoiceEventEnvelope = {
  [K in InvoiceEventType]: EventEnvelope<K, InvoiceEventDataByType[K]>;
}[InvoiceEventType];
