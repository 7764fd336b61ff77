import { ConsumerConfig, Kafka } from 'kafkajs';
import { DataSource, QueryRunner } from 'typeorm';
import { BackoffOptions } from '../common/backoff';
import { EventStoreLogger } from '../common/logger';
import { DeadLetter } from './dead-letter';
import { InvalidMessageError } from './invalid-message.error';
import { ParsedMessage, ReceivedMessage } from './received-message';

export interface RejectedMessage<T> {
  readonly message: ParsedMessage<T>;
  readonly error: InvalidMessageError;
}

/** What a batch handler may report: messages it refused, dead-lettered once its transaction commits. */
export interface BatchHandlingResult<T> {
  readonly rejected?: readonly RejectedMessage<T>[];
}

export interface BatchConsumerMetrics {
  messagesProcessed?(count: number): void;
  messagesDeadLettered?(letters: readonly DeadLetter[]): void;
  batchFailed?(error: unknown): void;
}

export interface BatchConsumerOptions<T> {
  readonly kafka: Kafka;
  readonly dataSource: DataSource;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly fromBeginning?: boolean;
  readonly deadLetterTopic: string;
  /** Pure decoding and validation; throwing (best: an `InvalidMessageError`) dead-letters the message. */
  readonly parse: (message: ReceivedMessage) => T;
  /**
   * Applies a batch inside one database transaction (committed when it resolves). A transient
   * error (see `isTransientFailure`) rolls back and retries the batch with backoff for as long as it
   * takes; any other error makes the consumer retry the batch one message per transaction to find
   * the culprit: an `InvalidMessageError` dead-letters it at once, an unexpected error after
   * `maxAttempts`.
   */
  readonly handleBatch: (
    messages: readonly ParsedMessage<T>[],
    queryRunner: QueryRunner,
  ) => Promise<BatchHandlingResult<T> | void>;
  readonly consumer?: Omit<ConsumerConfig, 'groupId'>;
  readonly partitionsConsumedConcurrently?: number;
  readonly backoff?: BackoffOptions;
  /** Attempts a message gets alone when its handler fails unexpectedly; default 5 (CONSUMER_MAX_ATTEMPTS). */
  readonly maxAttempts?: number;
  /** Further errors to retry for ever, never dead-letter (beyond the outages the consumer knows). */
  readonly isTransient?: (error: unknown) => boolean;
  readonly logger?: EventStoreLogger;
  readonly metrics?: BatchConsumerMetrics;
}
