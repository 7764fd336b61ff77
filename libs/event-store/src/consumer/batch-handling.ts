import { Message, Producer } from 'kafkajs';
import { QueryRunner } from 'typeorm';
import { describeError, EventStoreLogger } from '../common/logger';
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
import { DeadLetterNotWrittenError, isTransientFailure, unexpectedFailure } from './handler-failure';
import { InvalidMessageError } from './invalid-message.error';
import { ParsedMessage, ReceivedMessage, withPayload } from './received-message';

/** What a batch has done so far, kept across the retries of its handling. */
export interface BatchProgress {
  /** Set once the batch failed as a whole for a reason other than an outage. */
  alone: boolean;
  /** Offsets of messages already committed (or dead-lettered) one at a time. */
  readonly committedAlone: Set<string>;
  /** Unexpected failures so far per offset, handled alone. */
  readonly failures: Map<string, number>;
  refused: number;
}

export function newBatchProgress(): BatchProgress {
  return { alone: false, committedAlone: new Set(), failures: new Map(), refused: 0 };
}

/**
 * What a `BatchConsumer` does with the messages of a batch, apart from Kafka's side of it: parse,
 * apply in one transaction (or one message at a time to find the one at fault), dead-letter what
 * cannot be applied, and tell outages from refusals and unexpected failures (ADR 0004, "Failures").
 * Whatever it throws is retried by the consumer with backoff.
 */
export class BatchHandling<T> {
  constructor(
    private readonly options: BatchConsumerOptions<T>,
    private readonly logger: EventStoreLogger,
    private readonly maxAttempts: number,
    /** The consumer's dead-letter producer, connected before any batch arrives. */
    private readonly producer: () => Producer | undefined,
  ) {}

  parseAll(messages: readonly ReceivedMessage[]): {
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
   * The whole batch in one transaction; when it fails for any reason but an outage (a refusal by
   * throwing, data PostgreSQL refuses, an unexpected error), one message at a time, so that only
   * the message at fault is dead-lettered. What is done alone is remembered in `progress`, so a
   * retry after a transient failure of a later message neither applies nor dead-letters it twice.
   */
  async handle(messages: readonly ParsedMessage<T>[], progress: BatchProgress): Promise<void> {
    if (messages.length === 0) return;
    if (!progress.alone) {
      try {
        progress.refused += await this.handleInTransaction(messages);
        return;
      } catch (error) {
        if (this.isTransient(error)) throw error;
        progress.alone = true;
      }
    }
    for (const message of messages) {
      if (progress.committedAlone.has(message.offset)) continue;
      progress.refused += await this.handleAlone(message, progress);
      progress.committedAlone.add(message.offset);
    }
  }

  /** Applies one message, or dead-letters it; throws (to be retried) while it may still succeed. */
  private async handleAlone(message: ParsedMessage<T>, progress: BatchProgress): Promise<number> {
    try {
      return await this.handleInTransaction([message]);
    } catch (error) {
      if (error instanceof InvalidMessageError) await this.deadLetter([{ message, error }]);
      else if (isDataException(error)) await this.deadLetter([{ message, error: unstorableMessage(error) }]);
      else await this.giveUpUnlessRetrying(message, error, progress);
      return 1;
    }
  }

  /**
   * An unexpected failure: rethrown (retried with backoff) until the message has had
   * `maxAttempts`, then dead-lettered with the error. An outage, or a database that does not
   * answer right now, is never the message's fault: it stays and is retried.
   */
  private async giveUpUnlessRetrying(
    message: ParsedMessage<T>,
    error: unknown,
    progress: BatchProgress,
  ): Promise<void> {
    if (this.isTransient(error)) throw error;
    const attempts = (progress.failures.get(message.offset) ?? 0) + 1;
    progress.failures.set(message.offset, attempts);
    if (attempts < this.maxAttempts || !(await this.databaseAnswers())) throw error;
    this.logger.error(
      `giving up on ${message.topic}[${message.partition}]@${message.offset} after ${attempts} attempts: ${describeError(error)}`,
      error instanceof Error ? error.stack : undefined,
    );
    await this.deadLetter([{ message, error: unexpectedFailure(error, attempts) }]);
  }

  private isTransient(error: unknown): boolean {
    return isTransientFailure(error) || (this.options.isTransient?.(error) ?? false);
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.options.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Applies messages in one transaction and dead-letters what the handler refused before that
   * transaction commits: its processed ids commit only once their letters are on the topic.
   */
  private handleInTransaction(messages: readonly ParsedMessage<T>[]): Promise<number> {
    return runInTransaction(this.options.dataSource, async (queryRunner: QueryRunner) => {
      const result = await this.options.handleBatch(messages, queryRunner);
      const rejected = result?.rejected ?? [];
      if (rejected.length > 0) await this.deadLetter(rejected);
      return rejected.length;
    });
  }

  async deadLetter(letters: readonly DeadLetter[]): Promise<void> {
    const messages = letters.map(toDeadLetterMessage);
    try {
      await this.sendDeadLetters(messages);
    } catch (error) {
      if (!isTooLargeForTopic(error)) throw new DeadLetterNotWrittenError(error);
      // One at a time, so only a letter that cannot fit loses its value, not its neighbours.
      try {
        for (const message of messages) await this.sendDeadLetterThatFits(message);
      } catch (tooLarge) {
        throw new DeadLetterNotWrittenError(tooLarge);
      }
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
    await this.producer()!.send({ topic: this.options.deadLetterTopic, acks: -1, messages });
  }
}
