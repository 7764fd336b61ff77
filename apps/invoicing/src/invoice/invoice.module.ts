import { Module } from '@nestjs/common';
import { InvoiceController } from './api/invoice.controller';
import { InvoiceLifecycle } from './invoice-lifecycle.service';
import { InvoiceMetrics } from './invoice.metrics';
import { InvoiceQueries } from './invoice.queries';
import { invoicingEventStoreProvider } from './invoicing-event-store.provider';
import { InvoicingOutboxRelay } from './invoicing-outbox.relay';

/**
 * The invoice lifecycle (read API, confirm, cancel, correct) and the service's one outbox relay,
 * which publishes invoice and process-run events alike. Exports the event store, the metrics and
 * the relay for the process run.
 */
@Module({
  controllers: [InvoiceController],
  providers: [
    invoicingEventStoreProvider,
    InvoiceMetrics,
    InvoiceQueries,
    InvoiceLifecycle,
    InvoicingOutboxRelay,
  ],
  exports: [invoicingEventStoreProvider, InvoiceMetrics, InvoicingOutboxRelay],
})
export class InvoiceModule {}
