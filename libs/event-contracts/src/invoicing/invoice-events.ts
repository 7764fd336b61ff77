import { EventEnvelope } from '../envelope';
import * as v1 from './v1/invoice-events.v1';

/*
 * The latest version of each invoice event (docs/product.md 4.2); frozen shapes live in ./v1.
 * `InvoiceDocument` is what the invoicing service stores and serves; it is published as an
 * `InvoiceCreated` followed by as many `InvoiceDetailsAdded` parts as its details need
 * (see `invoice-records.ts`).
 */
export type InvoiceLineDetail = v1.InvoiceLineDetailV1;
export type InvoiceLine = v1.InvoiceLineV1;
export type InvoiceDocument = v1.InvoiceDocumentV1;
export type InvoiceCreated = v1.InvoiceCreatedV1;
export type InvoicePartDetail = v1.InvoicePartDetailV1;
export type InvoiceDetailsAdded = v1.InvoiceDetailsAddedV1;
export type InvoiceConfirmed = v1.InvoiceConfirmedV1;
export type InvoiceCancelled = v1.InvoiceCancelledV1;

export interface InvoiceEventDataByType {
  InvoiceCreated: InvoiceCreated;
  InvoiceDetailsAdded: InvoiceDetailsAdded;
  InvoiceConfirmed: InvoiceConfirmed;
  InvoiceCancelled: InvoiceCancelled;
}
export type InvoiceEventType = keyof InvoiceEventDataByType;
export const INVOICE_EVENT_TYPES: readonly InvoiceEventType[] = [
  'InvoiceCreated',
  'InvoiceDetailsAdded',
  'InvoiceConfirmed',
  'InvoiceCancelled',
];
export type InvoiceEvent = {
  [K in InvoiceEventType]: { readonly type: K; readonly data: InvoiceEventDataByType[K] };
}[InvoiceEventType];
export type InvoiceEventEnvelope = {
  [K in InvoiceEventType]: EventEnvelope<K, InvoiceEventDataByType[K]>;
}[InvoiceEventType];
