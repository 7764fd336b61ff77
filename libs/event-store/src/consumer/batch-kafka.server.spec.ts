import { MessageHandler } from '@nestjs/microservices';
import { Kafka } from 'kafkajs';
import { of, throwError } from 'rxjs';
import { DataSource, QueryRunner } from 'typeorm';
import { BatchConsumerOptions } from './batch-consumer.options';
import {
  BatchKafkaServer,
  BatchKafkaServerOptions,
  BatchPatternExtras,
  StartableConsumer,
} from './batch-kafka.server';

const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const fastBackoff = { initialMs: 1, maxMs: 5, jitter: 0 };
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

class ConsumerDouble implements StartableConsumer {
  started = false;
  stopped = false;
  constructor(
    readonly options: BatchConsumerOptions<unknown>,
    private readonly fails: boolean,
  ) {}
  async start(): Promise<void> {
    if (this.fails) throw new Error('broker not available');
    this.started = true;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
}

const EXTRAS: BatchPatternExtras<string> = {
  groupId: 'orders.intake',
  topics: ['orders'],
  deadLetterTopic: 'ordersDlq',
  parse: (message) => String(message.value),
  fromBeginning: true,
  metrics: true,
};

function server(overrides: Partial<BatchKafkaServerOptions> & { failures?: number } = {}): {
  sut: BatchKafkaServer;
  consumers: ConsumerDouble[];
} {
  const consumers: ConsumerDouble[] = [];
  const failures = overrides.failures ?? 0;
  const sut = new BatchKafkaServer({
    kafka: {} as Kafka,
    dataSource: {} as DataSource,
    groupIdPrefix: 'staging.',
    topicName: (name) => `staging.${name}`,
    topicsReady: () => Promise.resolve(),
    maxAttempts: 4,
    backoff: fastBackoff,
    logger: quietLogger,
    createConsumer: (options) =>
      consumers[consumers.push(new ConsumerDouble(options, consumers.length < failures)) - 1],
    ...overrides,
  });
  return { sut, consumers };
}

function handler(
  answer: (batch: unknown, runner: unknown) => unknown,
  extras: object = EXTRAS,
): MessageHandler {
  const fn = (async (batch: unknown, runner: unknown) => answer(batch, runner)) as MessageHandler;
  fn.extras = extras;
  return fn;
}

const listen = (sut: BatchKafkaServer) => new Promise<void>((resolve) => sut.listen(resolve));

describe('BatchKafkaServer', () => {
  it('returns from listen at once and subscribes only once the topics exist', async () => {
    let topicsExist!: () => void;
    const { sut, consumers } = server({
      topicsReady: () => new Promise<void>((resolve) => (topicsExist = resolve)),
    });
    sut.addHandler(
      'orders',
      handler(() => undefined),
      true,
      EXTRAS,
    );
    await listen(sut);
    await settle();
    expect(consumers).toHaveLength(0);
    topicsExist();
    await settle();
    expect(consumers[0].started).toBe(true);
    await sut.close();
    expect(consumers[0].stopped).toBe(true);
  });

  it('keeps trying with a fresh consumer while Kafka refuses, and stops the failed ones', async () => {
    const { sut, consumers } = server({ failures: 3 });
    sut.addHandler(
      'orders',
      handler(() => undefined),
      true,
      EXTRAS,
    );
    await listen(sut);
    await settle();
    expect(consumers.map((c) => [c.started, c.stopped])).toEqual([
      [false, true],
      [false, true],
      [false, true],
      [true, false],
    ]);
    await sut.close();
  });

  it('gives up trying once closed, without waiting for the topics', async () => {
    const { sut, consumers } = server({ topicsReady: () => new Promise<void>(() => undefined) });
    sut.addHandler(
      'orders',
      handler(() => undefined),
      true,
      EXTRAS,
    );
    await listen(sut);
    await sut.close();
    await settle();
    expect(consumers).toHaveLength(0);
  });

  it('runs one consumer per pattern, its names resolved in the environment', async () => {
    const metrics = { messagesProcessed: () => undefined };
    const { sut, consumers } = server({ metricsFor: (topic) => (topic === 'staging.orders' ? metrics : {}) });
    sut.addHandler(
      'orders',
      handler(() => undefined),
      true,
      EXTRAS,
    );
    sut.addHandler(
      'refunds',
      handler(() => undefined),
      true,
      {
        ...EXTRAS,
        groupId: 'refunds',
        topics: ['refunds'],
        metrics: false,
        maxAttempts: 2,
      },
    );
    await listen(sut);
    await settle();
    const [orders, refunds] = consumers.map((c) => c.options);
    expect(orders).toMatchObject({
      groupId: 'staging.orders.intake',
      topics: ['staging.orders'],
      deadLetterTopic: 'staging.ordersDlq',
      fromBeginning: true,
      maxAttempts: 4,
      metrics,
    });
    expect(refunds).toMatchObject({
      groupId: 'staging.refunds',
      topics: ['staging.refunds'],
      maxAttempts: 2,
    });
    expect(refunds.metrics).toBeUndefined();
    await sut.close();
  });

  it('refuses a pattern that does not say what to consume', () => {
    const { sut } = server();
    expect(() =>
      sut.consumerOptions(
        'orders',
        handler(() => undefined, { topics: ['orders'] }),
      ),
    ).toThrow("@EventPattern('orders') needs groupId, topics, deadLetterTopic and parse");
  });

  it('hands the batch and its query runner to the handler and returns its answer, Observable or not', async () => {
    const { sut } = server();
    const runner = {} as QueryRunner;
    const rejected = { rejected: [] };
    const seen: unknown[] = [];
    const plain = sut.consumerOptions(
      'orders',
      handler((batch, r) => (seen.push(batch, r), rejected)),
    );
    const observed = sut.consumerOptions(
      'orders',
      handler(() => of(rejected)),
    );
    await expect(plain.handleBatch([], runner)).resolves.toBe(rejected);
    expect(seen).toEqual([[], runner]);
    await expect(observed.handleBatch([], runner)).resolves.toBe(rejected);
  });

  it('rethrows the error of a failing handler, as it was, so the batch rolls back', async () => {
    const { sut } = server();
    const outage = new Error('database away');
    const thrown = sut.consumerOptions(
      'orders',
      handler(() => Promise.reject(outage)),
    );
    const observed = sut.consumerOptions(
      'orders',
      handler(() => throwError(() => outage)),
    );
    await expect(thrown.handleBatch([], {} as QueryRunner)).rejects.toBe(outage);
    await expect(observed.handleBatch([], {} as QueryRunner)).rejects.toBe(outage);
  });
});
