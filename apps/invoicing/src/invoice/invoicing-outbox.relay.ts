import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OutboxRelay } from '@app/event-store';
import { KAFKA, PLATFORM_CONFIG, PlatformConfig } from '@app/platform';
import { Kafka } from 'kafkajs';
import { InvoiceMetrics } from './invoice.metrics';
import { invoicingOutboxRoute } from './invoicing-outbox.routes';

/** Names the relay's checkpoint row and leadership lock in the invoicing schema. */
export const INVOICING_RELAY_NAME = 'invoicing';

/**
 * The one outbox relay of the invoicing service: publishes every event of its event store
 * (invoices and process runs) to Kafka in commit order. Every replica runs one; the advisory lock
 * lets exactly one publish, and another takes over when that replica's connection drops.
 */
@Injectable()
export class InvoicingOutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly relay: OutboxRelay;

  constructor(
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
    @Inject(KAFKA) kafka: Kafka,
    metrics: InvoiceMetrics,
  ) {
    this.relay = new OutboxRelay({
      name: INVOICING_RELAY_NAME,
      schema: config.database.schema,
      connection: config.database.url,
      kafka,
      route: invoicingOutboxRoute(config.kafka.topics),
      metrics: metrics.relay,
    });
  }

  /** Started once every module is up: the schema is migrated by then. */
  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /** Lets the batch in flight finish and stores the checkpoint before the service goes down. */
  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
  }

  isLeader(): boolean {
    return this.relay.isLeader();
  }

  /**
   * Resolves once everything committed before the call is on Kafka (for tests and for callers that
   * must not answer before their events are out). Only the leader ever catches up.
   */
  waitUntilCaughtUp(timeoutMs?: number): Promise<void> {
    return this.relay.waitUntilCaughtUp(timeoutMs);
  }
}
