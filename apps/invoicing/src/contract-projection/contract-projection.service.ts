import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CONSUMER_CLIENT_RETRY } from '@app/event-store';
import { createKafka, PLATFORM_CONFIG, PlatformConfig, TopicProvisioner } from '@app/platform';
import { DataSource } from 'typeorm';
import { ContractProjectionConsumer, readGeneration } from './contract-projection.consumer';
import { ContractProjectionPrometheus } from './contract-projection.metrics';
import { countHeldEvents } from './held-events.store';
import { HeldContractEntry, listHeldContracts } from './held-contracts.store';
import { PROJECTION_GROUP_ID } from './projection-catch-up';
import { rebuildProjection } from './projection-rebuild';

export interface ProjectionStatus {
  readonly generation: number;
  /** The consumer group this replica reads with; null while it is not consuming. */
  readonly consumerGroup: string | null;
  readonly heldEvents: number;
  /** The held contracts, longest held first, at most {@link HELD_CONTRACTS_LISTED}. */
  readonly heldContracts: readonly HeldContractEntry[];
  /** Every held contract, listed or not. */
  readonly heldContractsTotal: number;
}

/** How many held contracts `GET /projection` lists: the answer stays small however many there are. */
export const HELD_CONTRACTS_LISTED = 100;

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
      groupIdPrefix: `${config.kafka.topicPrefix}${PROJECTION_GROUP_ID}`,
      maxAttempts: config.kafka.consumerMaxAttempts,
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
      const held = await listHeldContracts(runner, HELD_CONTRACTS_LISTED);
      const current = this.consumer.generation;
      const consumerGroup = current === undefined ? null : this.consumer.groupIdFor(current);
      return {
        generation,
        consumerGroup,
        heldEvents,
        heldContracts: held.contracts,
        heldContractsTotal: held.total,
      };
    } finally {
      await runner.release();
    }
  }
}
