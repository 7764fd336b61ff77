import { TopicNames } from '@app/event-contracts';
import { OutboxRoute, StoredEvent } from '@app/event-store';
import { INVOICE_STREAM_TYPE, PROCESS_RUN_STREAM_TYPE } from './invoice-streams';

/**
 * Where each event of the invoicing event store goes (docs/product.md 4.1): invoice events to the invoices
 * topic keyed by contract, so the ERP sees one contract's invoices in order; process-run events
 * to the process-runs topic keyed by batch job. An event of any other stream type stops the relay
 * rather than landing on a wrong topic: it is a programming error, and the relay retries with
 * backoff and logs it until a fixed release routes it.
 */
export function invoicingOutboxRoute(topics: Pick<TopicNames, 'invoices' | 'processRuns'>) {
  return (event: StoredEvent): OutboxRoute => {
    switch (event.streamType) {
      case INVOICE_STREAM_TYPE:
        return { topic: topics.invoices, key: stringField(event, 'contractId') };
      case PROCESS_RUN_STREAM_TYPE:
        return { topic: topics.processRuns, key: stringField(event, 'batchJobId') };
      default:
        throw new Error(
          `no topic for stream type '${event.streamType}' (event ${event.eventId}, ${event.eventType})`,
        );
    }
  };
}

function stringField(event: StoredEvent, field: string): string {
  const value = (event.data as Record<string, unknown> | null)?.[field];
  if (typeof value !== 'string' || value === '') {
    throw new Error(`${event.eventType} ${event.eventId} has no ${field} to key it by`);
  }
  return value;
}
