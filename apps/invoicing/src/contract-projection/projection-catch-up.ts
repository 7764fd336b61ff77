import { Inject, Injectable } from '@nestjs/common';
import { KAFKA, PLATFORM_CONFIG, PlatformConfig } from '@app/platform';
import { Admin, Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { readGeneration } from './contract-projection.consumer';
import { describeLag, lagBehind, PartitionLag, PartitionOffsets } from './domain';
import { HeldContract, readHeldContracts } from './held-contracts.reader';
import { readPositions } from './projection-positions.store';

/** The projection's consumer groups are `<KAFKA_TOPIC_PREFIX>invoicing.contract-projection.generation-<n>`. */
export const PROJECTION_GROUP_ID = 'invoicing.contract-projection';

export const PROJECTION_BEHIND = 'PROJECTION_BEHIND';

/** The projection did not reach the end offsets in time; the message says how far behind it is. */
export class ProjectionBehindError extends Error {
  override readonly name = 'ProjectionBehindError';
  readonly code = PROJECTION_BEHIND;

  constructor(
    message: string,
    readonly behind: readonly PartitionLag[],
  ) {
    super(`${PROJECTION_BEHIND}: ${message}`);
  }
}

export interface CatchUpOptions {
  /** How long to wait at most, in elapsed milliseconds. */
  readonly waitMs: number;
  /** Called between polls; throws to abandon the wait (shutdown, lease lost). */
  readonly checkpoint: () => void;
  readonly pollMs?: number;
}

/**
 * Waits until the projection has applied every record of `contracts.events` up to the end offsets
 * read now (docs/adr/0006): a process run calls it before it selects anything, so that it bills
 * everything the contracts service had published before it started. The projection's own
 * positions say how far it is (written with the rows, docs/adr/0005); the offsets its consumer
 * group committed count too, since they are committed only once a batch is applied and its refused
 * records are dead-lettered, which covers records that never reach the projection's transaction
 * (unreadable ones, or one refused alone at the end of a partition).
 * The bound is elapsed time, not business time: it is measured without the injectable clock.
 */
@Injectable()
export class ProjectionCatchUp {
  private readonly topic: string;
  private readonly groupIdPrefix: string;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
  ) {
    this.topic = config.kafka.topics.contractEvents;
    this.groupIdPrefix = `${config.kafka.topicPrefix}${PROJECTION_GROUP_ID}`;
  }

  /** Resolves once caught up; rejects with {@link ProjectionBehindError} when `waitMs` has passed. */
  async awaitEndOffsets({ waitMs, checkpoint, pollMs = 200 }: CatchUpOptions): Promise<void> {
    const deadline = performance.now() + waitMs;
    const remaining = () => Math.max(0, deadline - performance.now());
    const admin = this.kafka.admin();
    try {
      const ends = await this.endOffsets(admin, remaining, checkpoint, pollMs);
      for (;;) {
        checkpoint();
        const lags = await this.lagBehind(admin, ends, remaining);
        if (lags.length === 0) return;
        if (remaining() === 0) {
          throw new ProjectionBehindError(
            `the projection had not applied ${this.topic} up to the end offsets read at the run's start ` +
              `within ${waitMs} ms: ${describeLag(lags)}`,
            lags,
          );
        }
        await sleep(Math.min(pollMs, remaining()));
      }
    } catch (error) {
      if (error instanceof ProjectionBehindError || !(error instanceof KafkaUnavailable)) throw error;
      throw new ProjectionBehindError(
        `could not read where ${this.topic} ends within ${waitMs} ms (${error.message}), ` +
          'so the run cannot know its input is complete',
        [],
      );
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /**
   * How many records of `contracts.events` the projection has not applied yet (docs/product.md 5.4,
   * the projection-lag alert), or null when Kafka does not answer within `ms`.
   */
  async recordsBehind(ms: number): Promise<bigint | null> {
    const admin = this.kafka.admin();
    const deadline = performance.now() + ms;
    const remaining = () => Math.max(0, deadline - performance.now());
    try {
      const ends = await this.endOffsets(admin, remaining, () => undefined, 200);
      const lags = await this.lagBehind(admin, ends, remaining);
      return lags.reduce((sum, lag) => sum + (lag.end - lag.position), 0n);
    } catch (error) {
      if (error instanceof KafkaUnavailable) return null;
      throw error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** Contracts whose events the projection holds after a gap: their data is incomplete (docs/adr/0006). */
  heldContracts(): Promise<HeldContract[]> {
    return readHeldContracts(this.dataSource);
  }

  /** Kafka may be away for a moment (a leader election): tried again until the deadline. */
  private async endOffsets(
    admin: Admin,
    remaining: () => number,
    checkpoint: () => void,
    pollMs: number,
  ): Promise<PartitionOffsets> {
    for (;;) {
      checkpoint();
      try {
        await within(remaining(), admin.connect(), 'connecting to Kafka');
        const offsets = await within(remaining(), admin.fetchTopicOffsets(this.topic), 'reading end offsets');
        return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
      } catch (error) {
        if (remaining() === 0) throw error instanceof KafkaUnavailable ? error : new KafkaUnavailable(error);
        await sleep(Math.min(pollMs, remaining()));
      }
    }
  }

  private async lagBehind(
    admin: Admin,
    ends: PartitionOffsets,
    remaining: () => number,
  ): Promise<PartitionLag[]> {
    const generation = await readGeneration(this.dataSource);
    const positions = await readPositions(this.dataSource, generation, this.topic);
    const lags = lagBehind(ends, [positions]);
    if (lags.length === 0) return lags;
    return lagBehind(ends, [positions, await this.committed(admin, generation, remaining)]);
  }

  /** What the generation's consumer group committed; nothing when Kafka does not say. */
  private async committed(
    admin: Admin,
    generation: number,
    remaining: () => number,
  ): Promise<PartitionOffsets> {
    try {
      const groupId = `${this.groupIdPrefix}.generation-${generation}`;
      const [topic] = await within(
        remaining(),
        admin.fetchOffsets({ groupId, topics: [this.topic] }),
        'reading committed offsets',
      );
      const committed = (topic?.partitions ?? []).filter((p) => Number(p.offset) >= 0);
      return new Map(committed.map((p) => [p.partition, BigInt(p.offset)]));
    } catch {
      return new Map();
    }
  }
}

class KafkaUnavailable extends Error {
  override readonly name = 'KafkaUnavailable';

  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Even a wait of 0 ms lets a Kafka call take this long: the wait bounds the projection, not Kafka. */
const KAFKA_CALL_FLOOR_MS = 2_000;

/** `work`, unless it takes longer than `ms`: a Kafka call must not outlast the run's wait. */
async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  const timer = new AbortController();
  const timeout = sleep(Math.max(ms, KAFKA_CALL_FLOOR_MS), undefined, { signal: timer.signal }).then(() => {
    throw new KafkaUnavailable(new Error(`${what} took longer than the wait allows`));
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    throw error instanceof KafkaUnavailable ? error : new KafkaUnavailable(error);
  } finally {
    timer.abort();
    timeout.catch(() => undefined);
    work.catch(() => undefined);
  }
}
