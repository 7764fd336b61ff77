import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OutboxRelay, OutboxRoute, StoredEvent } from '@app/event-store';
import { KAFKA, MetricsRegistry, PLATFORM_CONFIG, PlatformConfig } from '@app/platform';
import { Kafka } from 'kafkajs';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { ContractMetrics } from './contract.metrics';

/** Names the relay's checkpoint row and leadership lock in the contracts schema. */
export const CONTRACTS_RELAY_NAME = 'contracts';

/** Every contract event goes to `contracts.events`, keyed by its contract: one partition, in order. */
export function contractsOutboxRoute(topic: string): (event: StoredEvent) => OutboxRoute {
  return (event) => ({ topic, key: event.streamId });
}

/**
 * Events appended but not yet published, read at scrape time from two index lookups. Approximate:
 * the relay stores its checkpoint one batch late and publishes in commit order, not position order.
 */
function registerLagGauge(registry: MetricsRegistry, dataSource: DataSource): void {
  const name = 'contracts_outbox_lag_events';
  if (registry.registry.getSingleMetric(name)) return;
  new Gauge({
    name,
    help: 'Approximate number of contract events appended but not yet published by the outbox relay',
    registers: [registry.registry],
    async collect() {
      const rows: { lag: number }[] = await dataSource
        .query(
          `SELECT greatest(0, coalesce((SELECT max(global_position) FROM events), 0)
             - coalesce((SELECT global_position FROM outbox_checkpoints WHERE relay_name = $1), 0))::int AS lag`,
          [CONTRACTS_RELAY_NAME],
        )
        .catch(() => []);
      if (rows.length === 1) this.set(rows[0].lag);
    },
  });
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
  ) {
    this.relay = new OutboxRelay({
      name: CONTRACTS_RELAY_NAME,
      schema: config.database.schema,
      connection: config.database.url,
      kafka,
      route: contractsOutboxRoute(config.kafka.topics.contractEvents),
      metrics: metrics.relay,
    });
    registerLagGauge(registry, dataSource);
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

  /** Resolves once everything committed before the call is on Kafka (leader only; for tests and tools). */
  waitUntilCaughtUp(timeoutMs?: number): Promise<void> {
    return this.relay.waitUntilCaughtUp(timeoutMs);
  }
}
