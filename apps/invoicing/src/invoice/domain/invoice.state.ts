import { InvoiceCreated, InvoiceEvent } from '@app/event-contracts';

export type InvoiceStatus = 'Draft' | 'Confirmed' | 'Cancelled';

/** An invoice as its own event stream tells it; `null` before `InvoiceCreated`. */
export type InvoiceState = {
  readonly status: InvoiceStatus;
  /** The invoice as created: lines, details and the inputs it bills. */
  readonly invoice: InvoiceCreated;
} | null;

export const initialInvoiceState: InvoiceState = null;

export function evolveInvoice(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  switch (event.type) {
    case 'InvoiceCreated':
      return { status: 'Draft', invoice: event.data };
    case 'InvoiceConfirmed':
      return state === null ? state : { ...state, status: 'Confirmed' };
    case 'InvoiceCancelled':
      return state === null ? state : { ...state, status: 'Cancelled' };
  }
}

export function invoiceStateFrom(events: readonly InvoiceEvent[]): InvoiceState {
  return events.reduce(evolveInvoice, initialInvoiceState);
}
