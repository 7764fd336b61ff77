import { Controller, INestApplication, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { EventEnvelope } from '@app/event-contracts';
import { testKafka, uniqueTopicPrefix, waitFor } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, Producer } from 'kafkajs';
import { QueryRunner } from 'typeorm';
import {
  BatchErrorPassThrough,
  BatchKafkaServer,
  BatchPatternExtras,
  IdempotencyGuard,
  parseEnvelope,
  ParsedMessage,
} from '../src';
import { createEventStoreDatabase, EventStoreDatabase } from './event-store-database';
import { createTopic, RecordingLogger } from './outbox-test-kit';

type Envelope = EventEnvelope<string, Record<string, unknown>>;

const prefix = uniqueTopicPrefix('batch-kafka-server');
const guard = new IdempotencyGuard('invoicing');
/** Labels whose first attempt fails after writing, as an outage in the middle of a batch would. */
const failOnce = new Set<string>();
const attempts: string[] = [];

@Controller()
@UseFilters(BatchErrorPassThrough)
class AppliedEventsConsumer {
  @EventPattern('test.applied', {
    groupId: 'applied',
    topics: ['input'],
    deadLetterTopic: 'dlq',
    fromBeginning: true,
    parse: (message) => parseEnvelope(message.value) as Envelope,
  } satisfies BatchPatternExtras<Envelope>)
  async apply(
    @Payload() messages: readonly ParsedMessage<Envelope>[],
    @Ctx() queryRunner: QueryRunner,
  ): Promise<void> {
    for (const { payload } of messages) {
      const label = String(payload.data['label']);
      attempts.push(label);
      if (!(await guard.tryMarkProcessed('test-server', payload.eventId, queryRunner))) continue;
      await queryRunner.query('INSERT INTO invoicing.applied (event_id, label) VALUES ($1, $2)', [
        payload.eventId,
        label,
      ]);
      if (failOnce.delete(label)) throw new Error(`lost the database while applying ${label}`);
    }
  }
}

function anEnvelope(label: string): { key: string; value: string } {
  const streamId = randomUUID();
  const envelope: Envelope = {
    eventId: randomUUID(),
    eventType: 'TransactionRecorded',
    schemaVersion: 1,
    streamId,
    streamVersion: 1,
    occurredAt: '2026-03-01T09:30:00.000Z',
    correlationId: null,
    causationId: null,
    data: { label },
  };
  return { key: streamId, value: JSON.stringify(envelope) };
}

describe('BatchKafkaServer (real PostgreSQL and Kafka)', () => {
  let database: EventStoreDatabase;
  let kafka: Kafka;
  let producer: Producer;
  let app: INestApplication | undefined;
  let topics: Record<string, string>;

  beforeAll(async () => {
    database = await createEventStoreDatabase('invoicing');
    await database.dataSource.query('CREATE TABLE invoicing.applied (event_id uuid PRIMARY KEY, label text)');
    kafka = testKafka();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    topics = {
      input: await createTopic(kafka, `${prefix}input`, 1),
      dlq: await createTopic(kafka, `${prefix}dlq`, 1),
    };
  });

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
    await database?.close();
  });

  const labels = async (): Promise<string[]> =>
    (
      (await database.dataSource.query('SELECT label FROM invoicing.applied ORDER BY label')) as {
        label: string;
      }[]
    ).map((row) => row.label);

  it('starts in the background, applies batches, retries a failed one from a rollback, and stops on close', async () => {
    let topicsExist!: () => void;
    const server = new BatchKafkaServer({
      kafka,
      dataSource: database.dataSource,
      groupIdPrefix: prefix,
      topicName: (name) => topics[name],
      topicsReady: () => new Promise<void>((resolve) => (topicsExist = resolve)),
      backoff: { initialMs: 10, maxMs: 50, jitter: 0 },
      logger: new RecordingLogger(),
    });
    const moduleRef = await Test.createTestingModule({ controllers: [AppliedEventsConsumer] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.connectMicroservice({ strategy: server }, { inheritAppConfig: false });
    await app.init();
    // Returns although the topics are not "ready" yet: the service's start does not wait for Kafka.
    await app.startAllMicroservices();

    failOnce.add('b');
    await producer.send({ topic: topics.input, messages: ['a', 'b', 'c'].map(anEnvelope) });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(attempts).toEqual([]);

    topicsExist();
    await waitFor(async () => (await labels()).length === 3, { timeoutMs: 30_000 });
    // b's first attempt wrote its row and failed: rolled back (else its id would be taken), then applied.
    expect(await labels()).toEqual(['a', 'b', 'c']);
    expect(attempts.filter((label) => label === 'b').length).toBeGreaterThanOrEqual(2);

    await app.close();
    app = undefined;
    const seen = attempts.length;
    await producer.send({ topic: topics.input, messages: [anEnvelope('after-close')] });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(attempts).toHaveLength(seen);
    expect(await labels()).toEqual(['a', 'b', 'c']);
  });
});
