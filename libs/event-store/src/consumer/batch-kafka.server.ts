import { Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { Kafka } from 'kafkajs';
import { lastValueFrom, Observable, throwError } from 'rxjs';
import { DataSource, QueryRunner } from 'typeorm';
import { backoffDelay, BackoffOptions, DEFAULT_BACKOFF } from '../common/backoff';
import { describeError, EventStoreLogger } from '../common/logger';
import { sleep } from '../common/sleep';
import { BatchConsumer } from './batch-consumer';
import { BatchConsumerMetrics, BatchConsumerOptions, BatchHandlingResult } from './batch-consumer.options';
import { ParsedMessage, ReceivedMessage } from './received-message';

/**
 * What a consumer declares in its `@EventPattern(name, extras)`: the batch consumer it runs.
 * Topic names are the service's logical names, resolved by the server (`topicName`), so the
 * prefix of the environment applies.
 */
export interface BatchPatternExtras<T = unknown> {
  /** Appended to the server's group id prefix. */
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly deadLetterTopic: string;
  readonly parse: (message: ReceivedMessage) => T;
  readonly fromBeginning?: boolean;
  /** Count consumed and dead-lettered messages under the first topic's name (see `metricsFor`). */
  readonly metrics?: boolean;
  /** Defaults to the server's `maxAttempts`. */
  readonly maxAttempts?: number;
}

/** What the server needs of a consumer: `BatchConsumer` has exactly this shape. */
export interface StartableConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface BatchKafkaServerOptions {
  /** A client of the consumers' own, which keeps reconnecting through a broker restart. */
  readonly kafka: Kafka;
  readonly dataSource: DataSource;
  /** Prepended to every pattern's group id; carries the environment's topic prefix. */
  readonly groupIdPrefix: string;
  /** The topic a logical name stands for in this environment. */
  readonly topicName: (name: string) => string;
  /** Resolves once the topics exist; consumers subscribe only then. */
  readonly topicsReady: () => Promise<void>;
  readonly maxAttempts?: number;
  readonly metricsFor?: (topic: string) => BatchConsumerMetrics;
  /** Between attempts to start a consumer while Kafka is away. */
  readonly backoff?: BackoffOptions;
  readonly logger?: EventStoreLogger;
  /** Builds a pattern's consumer; `BatchConsumer` unless a test says otherwise. */
  readonly createConsumer?: (options: BatchConsumerOptions<unknown>) => StartableConsumer;
}

/** A handler's answer: Nest hands back a promise of a value or of an Observable of one. */
async function settle(answer: unknown): Promise<BatchHandlingResult<unknown> | void> {
  const value: unknown = await answer;
  if (value !== null && typeof value === 'object' && 'subscribe' in value) {
    return (await lastValueFrom(value as never, {
      defaultValue: undefined,
    })) as BatchHandlingResult<unknown> | void;
  }
  return value as BatchHandlingResult<unknown> | void;
}

/**
 * Nest's transport for the services' Kafka consumers: every `@EventPattern` handler with
 * {@link BatchPatternExtras} runs on a {@link BatchConsumer} (one transaction per batch, dead
 * letters, retries; ADR 0004) and receives `(batch, queryRunner)`. `listen` returns at once: each
 * consumer subscribes in the background once its topics exist and keeps trying with backoff while
 * Kafka is away, so the service starts without Kafka. `close` stops them all.
 */
export class BatchKafkaServer extends Server implements CustomTransportStrategy {
  private readonly abort = new AbortController();
  private readonly running = new Set<StartableConsumer>();
  private readonly runs: Promise<void>[] = [];
  private readonly log: EventStoreLogger;

  constructor(private readonly options: BatchKafkaServerOptions) {
    super();
    this.log = options.logger ?? new Logger('BatchKafkaServer');
  }

  listen(callback: () => void): void {
    for (const [pattern, handler] of this.getHandlers()) {
      this.runs.push(this.run(pattern, this.consumerOptions(pattern, handler)));
    }
    callback();
  }

  async close(): Promise<void> {
    this.abort.abort();
    // Also a consumer still starting: its start fails or returns, and its run stops it again.
    await Promise.all([...this.running].map((consumer) => consumer.stop()));
    await Promise.all(this.runs);
  }

  /** The consumer a pattern's extras describe, its batches handed to the pattern's handler. */
  consumerOptions(pattern: string, handler: MessageHandler): BatchConsumerOptions<unknown> {
    const extras = handler.extras as BatchPatternExtras | undefined;
    if (!extras?.groupId || !extras.topics?.length || !extras.deadLetterTopic || !extras.parse) {
      throw new Error(`@EventPattern('${pattern}') needs groupId, topics, deadLetterTopic and parse`);
    }
    const { kafka, dataSource, topicName, metricsFor } = this.options;
    const topics = extras.topics.map(topicName);
    return {
      kafka,
      dataSource,
      groupId: `${this.options.groupIdPrefix}${extras.groupId}`,
      topics,
      fromBeginning: extras.fromBeginning,
      deadLetterTopic: topicName(extras.deadLetterTopic),
      parse: extras.parse,
      // Nest's exception layer turns a handler's error into a failing Observable: settling it
      // rethrows, so the batch rolls back and retries as the batch consumer decides.
      handleBatch: (messages: readonly ParsedMessage<unknown>[], queryRunner: QueryRunner) =>
        settle(handler(messages, queryRunner)),
      metrics: extras.metrics ? metricsFor?.(topics[0]) : undefined,
      maxAttempts: extras.maxAttempts ?? this.options.maxAttempts,
    };
  }

  private async run(pattern: string, options: BatchConsumerOptions<unknown>): Promise<void> {
    const { signal } = this.abort;
    const stopped = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    await Promise.race([this.options.topicsReady(), stopped]);
    const create = this.options.createConsumer ?? ((o) => new BatchConsumer(o));
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    for (let attempt = 1; !signal.aborted; attempt += 1) {
      const consumer = create(options);
      this.running.add(consumer);
      try {
        await consumer.start();
        if (signal.aborted) await consumer.stop();
        else this.log.log(`${pattern} consuming`);
        return;
      } catch (error) {
        if (attempt === 1) this.log.warn(`${pattern} could not start, retrying: ${describeError(error)}`);
        this.running.delete(consumer);
        await consumer.stop().catch(() => undefined);
        await sleep(backoffDelay(attempt, backoff), signal);
      }
    }
  }

  on(): never {
    throw new Error('BatchKafkaServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.options.kafka as T;
  }
}

/**
 * Put on consumer controllers (`@UseFilters(BatchErrorPassThrough)`): hands a handler's error to
 * the batch consumer unchanged, which tells an outage from a bad message by it, where Nest's own
 * RPC filter would log it and replace it with "Internal server error".
 */
@Catch()
export class BatchErrorPassThrough implements RpcExceptionFilter {
  catch(error: unknown): Observable<never> {
    return throwError(() => error);
  }
}
