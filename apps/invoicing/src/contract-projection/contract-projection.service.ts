import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CONSUMER_CLIENT_RETRY } from '@app/event-store';
import { createKafka, PLATFORM_CONFIG, PlatformConfig, TopicProvisioner } from '@app/platform';
import { DataSource } from 'typeorm';
import { ContractProjectionConsumer, readGeneration } from './contract-projection.consumer';
import { ContractProjectionPrometheus } from './contract-projection.metrics';
import { countHeldEvents } from './held-events.store';
import { rebuildProjection } from './projection-rebuild';

export interface ProjectionStatus {
  readonly generation: number;
  /** The consumer group this replica reads with; null while it is not consuming. */
  readonly consumerGroup: string | null;
  readonly heldEvents: number;
}

/** Runs the projection consumer for the service's lifetime and starts rebuilds. */
@Injectable()
export class ContractProjectionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: ContractProjectionConsumer;
  private closed = false;

  constructor(
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
    private readonly dataSource: DataSource,
    private readonly topics: TopicProvisioner,
    metrics: ContractProjectionPrometheus,
  ) {
    this.consumer = new ContractProjectionConsumer({
      // A client of its own, which keeps reconnecting through a broker restart (see the retry).
      kafka: createKafka(config.kafka, config.logLevel, { retry: CONSUMER_CLIENT_RETRY }),
      dataSource,
      contractEventsTopic: config.kafka.topics.contractEvents,
      deadLetterTopic: config.kafka.topics.invoicingDlq,
      groupIdPrefix: `${config.kafka.topicPrefix}invoicing.contract-projection`,
      logger: new Logger('ContractProjection'),
      metrics,
    });
  }

  onApplicationBootstrap(): void {
    // Off the start-up path: the topics may wait for Kafka, the service does not.
    void this.topics.ready().then(() => (this.closed ? undefined : this.consumer.start()));
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.consumer.stop();
  }

  /** Empties the projection and replays `contracts.events` from the beginning (see projection-rebuild.ts). */
  async rebuild(): Promise<ProjectionStatus> {
    await rebuildProjection(this.dataSource);
    await this.consumer.followGeneration();
    return this.status();
  }

  async status(): Promise<ProjectionStatus> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const generation = await readGeneration(this.dataSource);
      const heldEvents = await countHeldEvents(runner);
      const current = this.consumer.generation;
      const consumerGroup = current === undefined ? null : this.consumer.groupIdFor(current);
      return { generation, consumerGroup, heldEvents };
    } finally {
      await runner.release();
    }
  }
}
