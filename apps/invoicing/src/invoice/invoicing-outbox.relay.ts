import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OutboxRelay, observeOutbox } from '@app/event-store';
import { KAFKA, MetricsRegistry, PLATFORM_CONFIG, PlatformConfig, ReadinessDetails } from '@app/platform';
import { CompressionTypes, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
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
    registry: MetricsRegistry,
    dataSource: DataSource,
    readiness: ReadinessDetails,
  ) {
    this.relay = new OutboxRelay({
      name: INVOICING_RELAY_NAME,
      schema: config.database.schema,
      connection: config.database.url,
      kafka,
      route: invoicingOutboxRoute(config.kafka.topics),
      metrics: metrics.relay,
      parkedRetryMs: config.outboxParkedRetryMs,
      // An invoice's records carry up to a megabyte of repetitive JSON each: gzip shrinks them several times.
      compression: CompressionTypes.GZIP,
    });
    // Parked events show in the readiness details but leave the service ready (ADR 0004, "Parking").
    readiness.add(
      'outbox',
      observeOutbox(registry.registry, 'invoicing', dataSource, config.database.schema, INVOICING_RELAY_NAME),
    );
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
   * Resolves once everything committed before the call is on Kafka or parked after a broker refusal
   * (for tests and for callers that must not answer before their events are out). Only the leader
   * ever catches up.
   */
  waitUntilCaughtUp(timeoutMs?: number): Promise<void> {
    return this.relay.waitUntilCaughtUp(timeoutMs);
  }
}
