import {
  InvoiceDocument,
  InvoiceEvent,
  InvoiceEventType,
  invoiceRecords,
  schemaVersionOf,
} from '@app/event-contracts';
import { EventStore, StoredEvent, StreamAppend } from '@app/event-store';
import { QueryRunner } from 'typeorm';
import { InvoiceState, invoiceStateFrom } from './domain';

/** Stream types of the invoicing event store; the outbox relay routes by them. */
export const INVOICE_STREAM_TYPE = 'invoice';
export const PROCESS_RUN_STREAM_TYPE = 'process-run';

const INVOICE_EVENT_TYPES: readonly string[] = [
  'InvoiceCreated',
  'InvoiceDetailsAdded',
  'InvoiceConfirmed',
  'InvoiceCancelled',
] satisfies InvoiceEventType[];

/** A stored event of an invoice stream as the aggregate's event; throws on a type it does not know. */
export function toInvoiceEvent(event: StoredEvent): InvoiceEvent {
  if (!INVOICE_EVENT_TYPES.includes(event.eventType)) {
    throw new Error(`stream ${event.streamId} holds an unknown invoice event ${event.eventType}`);
  }
  if (event.eventType === 'InvoiceCreated') {
    // Recorded before invoices were published in parts: every detail is in the event.
    const data = event.data as { detailParts?: number };
    return { type: 'InvoiceCreated', data: { ...data, detailParts: data.detailParts ?? 0 } } as InvoiceEvent;
  }
  return { type: event.eventType, data: event.data } as InvoiceEvent;
}

/**
 * The new stream of an invoice: its `InvoiceCreated` and as many `InvoiceDetailsAdded` parts as
 * its details need, so no record the relay publishes exceeds the broker's limit (docs/product.md 4.2).
 */
export function newInvoiceStream(invoice: InvoiceDocument, occurredAt: Date): StreamAppend {
  return {
    streamId: invoice.invoiceId,
    streamType: INVOICE_STREAM_TYPE,
    expectedVersion: 'no-stream',
    events: invoiceRecords(invoice).map((record) => ({
      eventType: record.type,
      schemaVersion: schemaVersionOf(record.type),
      data: record.data,
      occurredAt,
    })),
  };
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
