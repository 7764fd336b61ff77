import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@app/platform';
import { OutboxRelayMetrics } from '@app/event-store';
import { Counter, Gauge } from 'prom-client';

export type InvoiceOrigin = 'process-run' | 'corrective';

/**
 * Invoice lifecycle counters on the service's registry, counted after the commit. The process run
 * counts the invoices it creates through {@link InvoiceMetrics.created} too, so one counter tells
 * every invoice.
 */
@Injectable()
export class InvoiceMetrics {
  private readonly createdTotal: Counter<'origin'>;
  private readonly confirmedTotal: Counter;
  private readonly cancelledTotal: Counter;
  private readonly relayedTotal: Counter;
  private readonly relayFailuresTotal: Counter;
  private readonly relayLeader: Gauge;

  constructor(registry: MetricsRegistry) {
    this.createdTotal = registry.counter('invoicing_invoices_created_total', 'Draft invoices created', [
      'origin',
    ]);
    this.confirmedTotal = registry.counter(
      'invoicing_invoices_confirmed_total',
      'Invoices confirmed (posted)',
    );
    this.cancelledTotal = registry.counter('invoicing_invoices_cancelled_total', 'Draft invoices cancelled');
    this.relayedTotal = registry.counter(
      'invoicing_outbox_events_relayed_total',
      'Events the outbox relay published to Kafka',
    );
    this.relayFailuresTotal = registry.counter(
      'invoicing_outbox_publish_failures_total',
      'Failed outbox publishing attempts (retried with backoff)',
    );
    this.relayLeader = registry.gauge(
      'invoicing_outbox_relay_leader',
      '1 while this replica holds the outbox relay leadership',
    );
  }

  created(origin: InvoiceOrigin, count = 1): void {
    this.createdTotal.inc({ origin }, count);
  }

  confirmed(): void {
    this.confirmedTotal.inc();
  }

  cancelled(): void {
    this.cancelledTotal.inc();
  }

  /** Hooks for the outbox relay. */
  readonly relay: OutboxRelayMetrics = {
    eventsPublished: (count) => this.relayedTotal.inc(count),
    publishFailed: () => this.relayFailuresTotal.inc(),
    leadershipChanged: (isLeader) => this.relayLeader.set(isLeader ? 1 : 0),
  };
}
