import { ContractEventEnvelope } from '@app/event-contracts';
import { BatchConsumer, DeadLetter, EventStoreLogger } from '@app/event-store';
import { ConsumerConfig, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { parseContractEvent } from './contract-event.parser';
import { countHeldEvents } from './held-events.store';
import { countHeldContracts, HeldReason } from './held-contracts.store';
import { ProjectedBatch, projectionBatchHandler, StaleGenerationError } from './projection-batch.handler';

export interface ContractProjectionMetrics {
  batchProjected(batch: ProjectedBatch): void;
  deadLettered(count: number): void;
  heldEvents(count: number): void;
  heldContracts(counts: Readonly<Record<HeldReason, number>>): void;
  generation(generation: number): void;
}

export interface ContractProjectionOptions {
  readonly kafka: Kafka;
  readonly dataSource: DataSource;
  readonly contractEventsTopic: string;
  readonly deadLetterTopic: string;
  /** Consumer groups are `<prefix>.generation-<n>`; the prefix carries KAFKA_TOPIC_PREFIX. */
  readonly groupIdPrefix: string;
  readonly consumer?: Omit<ConsumerConfig, 'groupId'>;
  readonly partitionsConsumedConcurrently?: number;
  /** Attempts an event gets when projecting it fails unexpectedly, then it is dead-lettered. */
  readonly maxAttempts?: number;
  /** How often a replica looks for a rebuild started elsewhere (and refreshes the held gauges). */
  readonly generationPollMs?: number;
  readonly logger: EventStoreLogger;
  readonly metrics?: ContractProjectionMetrics;
}

/**
 * Fetches are sized for catch-up: contract events are ~0.75 KB, so 8 MB per partition is ~10,000
 * events per batch, each batch one transaction with a handful of bulk statements. A contract costs
 * its batch a version read and update whatever its number of events, so bigger batches spread that
 * over more events (at 10,000 contracts, 4 MB batches held only ~3 events per contract).
 * kafkajs fetches again only when every batch of a fetch is done, so a fetch holds the topic's six
 * partitions (KAFKA_TOPIC_PARTITIONS): three are projected side by side, then three more, instead of
 * the fourth of a 16 MB fetch running alone while the other connections wait.
 */
export const CATCH_UP_CONSUMER_CONFIG: Omit<ConsumerConfig, 'groupId'> = {
  maxBytesPerPartition: 8 * 1024 * 1024,
  maxBytes: 48 * 1024 * 1024,
  maxWaitTimeInMs: 250,
};

/**
 * The projection's consumer of `contracts.events`, one generation at a time. A generation is a
 * consumer group that reads the topic from the beginning; a rebuild bumps the generation in the
 * database, and every replica follows it (at once on the replica that rebuilt, else within one
 * poll, or as soon as a batch of the old generation notices).
 */
export class ContractProjectionConsumer {
  private current:
    { readonly generation: number; readonly consumer: BatchConsumer<ContractEventEnvelope> } | undefined;
  private queue: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(private readonly options: ContractProjectionOptions) {}

  groupIdFor(generation: number): string {
    return `${this.options.groupIdPrefix}.generation-${generation}`;
  }

  get generation(): number | undefined {
    return this.current?.generation;
  }

  /** Starts consuming; when the database or Kafka is away, the generation poll keeps trying. */
  async start(): Promise<void> {
    this.stopped = false;
    this.timer = setInterval(() => void this.poll(), this.options.generationPollMs ?? 5000);
    this.timer.unref();
    await this.followGenerationQuietly();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.enqueue(() => this.stopCurrent());
  }

  /** Makes this replica consume with the generation the database names (after a rebuild). */
  followGeneration(): Promise<void> {
    return this.enqueue(async () => {
      if (this.stopped) return;
      const generation = await readGeneration(this.options.dataSource);
      this.options.metrics?.generation(generation);
      if (this.current?.generation === generation) return;
      const previous = this.current?.generation;
      await this.stopCurrent();
      await this.startGeneration(generation);
      if (previous !== undefined) void this.forgetGroup(this.groupIdFor(previous));
    });
  }

  private async startGeneration(generation: number): Promise<void> {
    const { kafka, dataSource, logger, metrics } = this.options;
    const consumer = new BatchConsumer<ContractEventEnvelope>({
      kafka,
      dataSource,
      groupId: this.groupIdFor(generation),
      topics: [this.options.contractEventsTopic],
      fromBeginning: true,
      deadLetterTopic: this.options.deadLetterTopic,
      parse: (message) => parseContractEvent(message.value),
      handleBatch: projectionBatchHandler(generation, {
        onStaleGeneration: () => void this.followGenerationQuietly(),
        onBatchProjected: (batch) => metrics?.batchProjected(batch),
      }),
      consumer: { ...CATCH_UP_CONSUMER_CONFIG, ...this.options.consumer },
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      maxAttempts: this.options.maxAttempts,
      // Not the event's fault: the batch waits until this consumer is replaced by the new generation's.
      isTransient: (error) => error instanceof StaleGenerationError,
      logger,
      metrics: {
        messagesDeadLettered: (letters: readonly DeadLetter[]) => metrics?.deadLettered(letters.length),
      },
    });
    try {
      await consumer.start();
      this.current = { generation, consumer };
      logger.log(`consuming ${this.options.contractEventsTopic} as ${this.groupIdFor(generation)}`);
    } catch (error) {
      // Kafka unreachable: the next poll tries again.
      await consumer.stop();
      logger.warn(
        `could not start the projection consumer: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async stopCurrent(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    await current?.consumer.stop();
  }

  /** For callers that cannot handle a failure: it is logged, and the next poll tries again. */
  private followGenerationQuietly(): Promise<void> {
    return this.followGeneration().catch(() => undefined);
  }

  private async poll(): Promise<void> {
    await this.followGenerationQuietly();
    try {
      const runner = this.options.dataSource.createQueryRunner();
      try {
        this.options.metrics?.heldEvents(await countHeldEvents(runner));
        this.options.metrics?.heldContracts(await countHeldContracts(runner));
      } finally {
        await runner.release();
      }
    } catch {
      // The database is away: readiness reports it; the gauges wait for the next poll.
    }
  }

  /** An old generation's group is of no use any more; deleting fails while another replica still uses it. */
  private async forgetGroup(groupId: string): Promise<void> {
    const admin = this.options.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([groupId]);
    } catch {
      // Kafka expires unused groups on its own (offsets.retention.minutes).
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** Start, stop and generation switches run one at a time, in order. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch((error: unknown) => {
      this.options.logger.error(
        `projection consumer: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    return next;
  }
}

export async function readGeneration(dataSource: DataSource): Promise<number> {
  const [state] = (await dataSource.query('SELECT generation FROM invoicing.projection_state')) as {
    generation: number;
  }[];
  return state.generation;
}
