import { InvoiceEvent, InvoiceEventType } from '@app/event-contracts';
import { EventStore, StoredEvent } from '@app/event-store';
import { QueryRunner } from 'typeorm';
import { InvoiceState, invoiceStateFrom } from './domain';

/** Stream types of the invoicing event store; the outbox relay routes by them. */
export const INVOICE_STREAM_TYPE = 'invoice';
export const PROCESS_RUN_STREAM_TYPE = 'process-run';

const INVOICE_EVENT_TYPES: readonly string[] = [
  'InvoiceCreated',
  'InvoiceConfirmed',
  'InvoiceCancelled',
] satisfies InvoiceEventType[];

/** A stored event of an invoice stream as the aggregate's event; throws on a type it does not know. */
export function toInvoiceEvent(event: StoredEvent): InvoiceEvent {
  if (!INVOICE_EVENT_TYPES.includes(event.eventType)) {
    throw new Error(`stream ${event.streamId} holds an unknown invoice event ${event.eventType}`);
  }
  return { type: event.eventType, data: event.data } as InvoiceEvent;
}

export interface LoadedInvoice {
  readonly state: InvoiceState;
  /** The stream's version: the expected version of the next append (0 when there is no stream). */
  readonly version: number;
}

/** The invoice as its stream tells it, read in the caller's transaction. */
export async function loadInvoice(
  eventStore: EventStore,
  runner: QueryRunner,
  invoiceId: string,
): Promise<LoadedInvoice> {
  const stored = await eventStore.readStream(invoiceId, { queryRunner: runner });
  const ofInvoice = stored.filter((event) => event.streamType === INVOICE_STREAM_TYPE);
  return { state: invoiceStateFrom(ofInvoice.map(toInvoiceEvent)), version: ofInvoice.length };
}
