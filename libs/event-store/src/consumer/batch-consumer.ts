import { Logger } from '@nestjs/common';
import { Consumer, EachBatchPayload, Partitioners, Producer } from 'kafkajs';
import { backoffDelay, BackoffOptions, DEFAULT_BACKOFF } from '../common/backoff';
import { describeError, EventStoreLogger } from '../common/logger';
import { sleep } from '../common/sleep';
import { BatchConsumerOptions } from './batch-consumer.options';
import { BatchHandling, newBatchProgress } from './batch-handling';
import { GROUP_MEMBERSHIP, keepMembershipDuring } from './group-membership';
import { DEFAULT_MAX_ATTEMPTS } from './handler-failure';
import { toReceivedMessage } from './received-message';

type BatchControl = Pick<EachBatchPayload, 'heartbeat' | 'isRunning' | 'isStale'>;

const STOPPED = Symbol('stopped');

/**
 * A kafkajs consumer that applies each fetched batch in one database transaction and commits the
 * Kafka offsets only after that transaction (at-least-once; handlers deduplicate with
 * `IdempotencyGuard`). Unreadable or refused messages go to the dead-letter topic, written before
 * the transaction that records them and before the offset commit. Transient failures (database or
 * Kafka away) are retried without skipping anything; a message its handler fails on unexpectedly
 * is retried alone `maxAttempts` times, then dead-lettered with the error, and the partition goes
 * on (ADR 0004).
 */
export class BatchConsumer<T> {
  private readonly logger: EventStoreLogger;
  private readonly backoff: BackoffOptions;
  private readonly maxAttempts: number;
  private readonly handling: BatchHandling<T>;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private abort = new AbortController();
  /** Between its owner's start() and stop(): a crashed consumer is connected again only then. */
  private started = false;

  constructor(private readonly options: BatchConsumerOptions<T>) {
    this.logger = options.logger ?? new Logger(`BatchConsumer(${options.groupId})`);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new Error(`maxAttempts must be an integer of at least 1, got ${this.maxAttempts}`);
    }
    this.handling = new BatchHandling(options, this.logger, this.maxAttempts, () => this.producer);
  }

  async start(): Promise<void> {
    if (this.consumer) return;
    this.started = true;
    await this.connect();
  }

  /** Connects a new kafkajs consumer (and dead-letter producer) and runs it; on failure, disconnects both. */
  private async connect(): Promise<void> {
    this.abort = new AbortController();
    const { kafka, groupId, topics, fromBeginning } = this.options;
    // Idempotent, like the relays: a dead letter retried through a leader change is written once.
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
      idempotent: true,
      maxInFlightRequests: 1,
    });
    const consumer = kafka.consumer({ ...GROUP_MEMBERSHIP, ...this.options.consumer, groupId });
    this.producer = producer;
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) void this.restartAfterCrash(consumer, payload.error);
    });
    try {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topics: [...topics], fromBeginning: fromBeginning ?? false });
      await consumer.run({
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) =>
          keepMembershipDuring(payload, this.heartbeatIntervalMs(), () => this.consumeBatch(payload)),
      });
    } catch (error) {
      await this.disconnect();
      throw error;
    }
  }

  /**
   * kafkajs starts a crashed consumer again only when the root cause of the crash is retriable; a
   * non-retriable Kafka error out of a batch (a commit or heartbeat the coordinator refuses for
   * good) leaves it disconnected while the service looks healthy. This connects the whole
   * consumer again, with backoff, until it runs or its owner stops it. Nothing is lost: offsets
   * commit only after a batch's transaction, so the new member resumes from the last commit.
   */
  private async restartAfterCrash(crashed: Consumer, error: Error): Promise<void> {
    if (!this.started || this.consumer !== crashed) return;
    this.logger.error(
      `the Kafka consumer crashed and kafkajs will not restart it; starting it again: ${describeError(error)}`,
      error.stack,
    );
    await this.disconnect();
    for (let attempt = 1; this.started && this.consumer === undefined; attempt += 1) {
      // A fresh signal for the wait: stop() aborts it, so a shutdown does not wait out the backoff.
      this.abort = new AbortController();
      await sleep(backoffDelay(attempt, this.backoff), this.abort.signal);
      if (!this.started || this.consumer !== undefined) return;
      try {
        await this.connect();
        this.logger.log(`the Kafka consumer runs again, after ${attempt} attempt(s)`);
      } catch (startError) {
        this.logger.warn(`starting the Kafka consumer again failed, retrying: ${describeError(startError)}`);
      }
    }
  }

  private heartbeatIntervalMs(): number {
    return this.options.consumer?.heartbeatInterval ?? GROUP_MEMBERSHIP.heartbeatInterval!;
  }

  /** Stops fetching, lets the batch in hand finish or abandon its retries, then disconnects. */
  async stop(): Promise<void> {
    this.started = false;
    await this.disconnect();
  }

  private async disconnect(): Promise<void> {
    this.abort.abort();
    const { consumer, producer } = this;
    this.consumer = undefined;
    this.producer = undefined;
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.isEmpty()) return;
    const received = batch.messages.map((message) =>
      toReceivedMessage(batch.topic, batch.partition, message),
    );
    const { parsed, unreadable } = this.handling.parseAll(received);

    // Every dead letter is written (acks=all, awaited) before anything that marks its message done:
    // the processed id in the handler's transaction, the committed offset. A crash in between
    // redelivers the message and it is dead-lettered again under the same original topic,
    // partition and offset (ADR 0004).
    if (
      unreadable.length > 0 &&
      (await this.retrying(payload, () => this.handling.deadLetter(unreadable))) === STOPPED
    )
      return;
    const progress = newBatchProgress();
    if ((await this.retrying(payload, () => this.handling.handle(parsed, progress))) === STOPPED) return;

    // Only now is the batch ours for good; kafkajs commits resolved offsets when the batch returns
    // (or earlier, if the service configured an auto-commit interval or threshold).
    payload.resolveOffset(batch.lastOffset());
    await payload.commitOffsetsIfNecessary();
    await payload.heartbeat();
    this.options.metrics?.messagesProcessed?.(parsed.length - progress.refused);
  }

  /** Retries `work` with capped backoff until it succeeds or the batch is no longer ours to process. */
  private async retrying<R>(control: BatchControl, work: () => Promise<R>): Promise<R | typeof STOPPED> {
    for (let attempt = 1; ; attempt += 1) {
      if (this.abort.signal.aborted || !control.isRunning() || control.isStale()) return STOPPED;
      try {
        return await work();
      } catch (error) {
        this.options.metrics?.batchFailed?.(error);
        if (attempt === 1) this.logger.warn(`batch failed, retrying with backoff: ${describeError(error)}`);
        await sleep(backoffDelay(attempt, this.backoff), this.abort.signal);
        // Keeps the group membership during a long outage; a rebalance error ends the batch here.
        if (!this.abort.signal.aborted) await control.heartbeat();
      }
    }
  }
}
