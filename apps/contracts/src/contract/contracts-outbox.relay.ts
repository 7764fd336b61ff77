import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OutboxRelay, OutboxRoute, observeOutbox, StoredEvent } from '@app/event-store';
import { KAFKA, MetricsRegistry, PLATFORM_CONFIG, PlatformConfig, ReadinessDetails } from '@app/platform';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ContractMetrics } from './contract.metrics';

/** Names the relay's checkpoint row and leadership lock in the contracts schema. */
export const CONTRACTS_RELAY_NAME = 'contracts';

/** Every contract event goes to `contracts.events`, keyed by its contract: one partition, in order. */
export function contractsOutboxRoute(topic: string): (event: StoredEvent) => OutboxRoute {
  return (event) => ({ topic, key: event.streamId });
}

/**
 * The outbox relay of the contracts service. Every replica runs one; the relay's advisory lock lets
 * exactly one publish, and another takes over when that replica's connection drops.
 */
@Injectable()
export class ContractsOutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly relay: OutboxRelay;

  constructor(
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
    @Inject(KAFKA) kafka: Kafka,
    metrics: ContractMetrics,
    registry: MetricsRegistry,
    dataSource: DataSource,
    readiness: ReadinessDetails,
  ) {
    this.relay = new OutboxRelay({
      name: CONTRACTS_RELAY_NAME,
      schema: config.database.schema,
      connection: config.database.url,
      kafka,
      route: contractsOutboxRoute(config.kafka.topics.contractEvents),
      metrics: metrics.relay,
      parkedRetryMs: config.outboxParkedRetryMs,
    });
    // Parked events show in the readiness details but leave the service ready (ADR 0004, "Parking").
    readiness.add(
      'outbox',
      observeOutbox(registry.registry, 'contracts', dataSource, config.database.schema, CONTRACTS_RELAY_NAME),
    );
  }

  /** Started once every module is up (the schema is migrated by then); Kafka may still be down. */
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

  /** Resolves once everything committed before the call is on Kafka or parked (leader only; for tests and tools). */
  waitUntilCaughtUp(timeoutMs?: number): Promise<void> {
    return this.relay.waitUntilCaughtUp(timeoutMs);
  }
}
