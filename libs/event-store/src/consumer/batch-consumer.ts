import { Logger } from '@nestjs/common';
import { Consumer, EachBatchPayload, Message, Partitioners, Producer } from 'kafkajs';
import { QueryRunner } from 'typeorm';
import { backoffDelay, BackoffOptions, DEFAULT_BACKOFF } from '../common/backoff';
import { describeError, EventStoreLogger } from '../common/logger';
import { sleep } from '../common/sleep';
import { runInTransaction } from '../store/transaction';
import { BatchConsumerOptions } from './batch-consumer.options';
import { isDataException, unstorableMessage } from './data-exception';
import {
  asInvalidMessage,
  DeadLetter,
  isTooLargeForTopic,
  toDeadLetterMessage,
  withoutValue,
} from './dead-letter';
import { GROUP_MEMBERSHIP, keepMembershipDuring } from './group-membership';
import { InvalidMessageError } from './invalid-message.error';
import { ParsedMessage, ReceivedMessage, toReceivedMessage, withPayload } from './received-message';

type BatchControl = Pick<EachBatchPayload, 'heartbeat' | 'isRunning' | 'isStale'>;

const STOPPED = Symbol('stopped');

/**
 * A kafkajs consumer that applies each fetched batch in one database transaction and commits the
 * Kafka offsets only after that transaction (at-least-once; handlers deduplicate with
 * `IdempotencyGuard`). Unreadable or refused messages go to the dead-letter topic; transient
 * failures are retried without skipping anything.
 */
export class BatchConsumer<T> {
  private readonly logger: EventStoreLogger;
  private readonly backoff: BackoffOptions;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private abort = new AbortController();

  constructor(private readonly options: BatchConsumerOptions<T>) {
    this.logger = options.logger ?? new Logger(`BatchConsumer(${options.groupId})`);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  async start(): Promise<void> {
    if (this.consumer) return;
    this.abort = new AbortController();
    const { kafka, groupId, topics, fromBeginning } = this.options;
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = kafka.consumer({ ...GROUP_MEMBERSHIP, ...this.options.consumer, groupId });
    this.producer = producer;
    this.consumer = consumer;
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
      await this.stop();
      throw error;
    }
  }

  private heartbeatIntervalMs(): number {
    return this.options.consumer?.heartbeatInterval ?? GROUP_MEMBERSHIP.heartbeatInterval!;
  }

  /** Stops fetching, lets the batch in hand finish or abandon its retries, then disconnects. */
  async stop(): Promise<void> {
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
    const { parsed, unreadable } = this.parseAll(received);

    const committedAlone = new Set<string>();
    const refused = await this.retrying(payload, () => this.handle(parsed, committedAlone));
    if (refused === STOPPED) return;
    const letters = [...unreadable, ...refused];
    if (letters.length > 0 && (await this.retrying(payload, () => this.deadLetter(letters))) === STOPPED)
      return;

    // Only now is the batch ours for good; kafkajs commits resolved offsets when the batch returns
    // (or earlier, if the service configured an auto-commit interval or threshold).
    payload.resolveOffset(batch.lastOffset());
    await payload.commitOffsetsIfNecessary();
    await payload.heartbeat();
    this.options.metrics?.messagesProcessed?.(parsed.length - refused.length);
  }

  private parseAll(messages: readonly ReceivedMessage[]): {
    parsed: ParsedMessage<T>[];
    unreadable: DeadLetter[];
  } {
    const parsed: ParsedMessage<T>[] = [];
    const unreadable: DeadLetter[] = [];
    for (const message of messages) {
      try {
        parsed.push(withPayload(message, this.options.parse(message)));
      } catch (error) {
        unreadable.push({ message, error: asInvalidMessage(error) });
      }
    }
    return { parsed, unreadable };
  }

  /**
   * The whole batch in one transaction; when it refuses something by throwing, or PostgreSQL
   * refuses its data, one message at a time, so that only the message at fault is dead-lettered.
   */
  private async handle(
    messages: readonly ParsedMessage<T>[],
    committedAlone: Set<string>,
  ): Promise<DeadLetter[]> {
    if (messages.length === 0) return [];
    if (committedAlone.size === 0) {
      try {
        return await this.handleInTransaction(messages);
      } catch (error) {
        if (!(error instanceof InvalidMessageError) && !isDataException(error)) throw error;
      }
    }
    const refused: DeadLetter[] = [];
    for (const message of messages) {
      if (committedAlone.has(message.offset)) continue;
      try {
        refused.push(...(await this.handleInTransaction([message])));
      } catch (error) {
        if (error instanceof InvalidMessageError) refused.push({ message, error });
        else if (isDataException(error)) refused.push({ message, error: unstorableMessage(error) });
        else throw error;
      }
      committedAlone.add(message.offset);
    }
    return refused;
  }

  private handleInTransaction(messages: readonly ParsedMessage<T>[]): Promise<DeadLetter[]> {
    return runInTransaction(this.options.dataSource, async (queryRunner: QueryRunner) => {
      const result = await this.options.handleBatch(messages, queryRunner);
      return [...(result?.rejected ?? [])];
    });
  }

  private async deadLetter(letters: readonly DeadLetter[]): Promise<void> {
    const messages = letters.map(toDeadLetterMessage);
    try {
      await this.sendDeadLetters(messages);
    } catch (error) {
      if (!isTooLargeForTopic(error)) throw error;
      // One at a time, so only a letter that cannot fit loses its value, not its neighbours.
      for (const message of messages) await this.sendDeadLetterThatFits(message);
    }
    for (const { message, error } of letters) {
      this.logger.warn(
        `dead-lettered ${message.topic}[${message.partition}]@${message.offset}: ${error.code} ${error.message}`,
      );
    }
    this.options.metrics?.messagesDeadLettered?.(letters);
  }

  private async sendDeadLetterThatFits(message: Message): Promise<void> {
    try {
      await this.sendDeadLetters([message]);
    } catch (error) {
      if (!isTooLargeForTopic(error)) throw error;
      // Retrying could never succeed and would hold the partition for good.
      this.logger.error(
        `a dead letter was too large for ${this.options.deadLetterTopic}; sent without its value`,
      );
      await this.sendDeadLetters([withoutValue(message)]);
    }
  }

  private async sendDeadLetters(messages: Message[]): Promise<void> {
    await this.producer!.send({ topic: this.options.deadLetterTopic, acks: -1, messages });
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
