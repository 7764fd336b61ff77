import { InvoiceDocument, InvoiceEvent, invoiceFromCreated, withInvoiceDetails } from '@app/event-contracts';

export type InvoiceStatus = 'Draft' | 'Confirmed' | 'Cancelled';

/** An invoice as its own event stream tells it; `null` before `InvoiceCreated`. */
export type InvoiceState = {
  readonly status: InvoiceStatus;
  /** The invoice as created: lines, every detail (its parts folded in) and the inputs it bills. */
  readonly invoice: InvoiceDocument;
} | null;

export const initialInvoiceState: InvoiceState = null;

export function evolveInvoice(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  switch (event.type) {
    case 'InvoiceCreated':
      return { status: 'Draft', invoice: invoiceFromCreated(event.data) };
    case 'InvoiceDetailsAdded':
      return state === null ? state : { ...state, invoice: withInvoiceDetails(state.invoice, event.data) };
    case 'InvoiceConfirmed':
      return state === null ? state : { ...state, status: 'Confirmed' };
    case 'InvoiceCancelled':
      return state === null ? state : { ...state, status: 'Cancelled' };
  }
}

export function invoiceStateFrom(events: readonly InvoiceEvent[]): InvoiceState {
  return events.reduce(evolveInvoice, initialInvoiceState);
}
