import { DLQ_HEADERS, EventEnvelope } from '@app/event-contracts';
import { consumeAll, testKafka, uniqueTopicPrefix, waitFor } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { QueryRunner } from 'typeorm';
import { BatchConsumer, IdempotencyGuard, InvalidMessageError, parseEnvelope, ParsedMessage } from '../src';
import { createEventStoreDatabase, EventStoreDatabase } from './event-store-database';
import { createTopic, RecordingLogger } from './outbox-test-kit';

type Envelope = EventEnvelope<string, Record<string, unknown>>;

function anEnvelopeMessage(data: Record<string, unknown> = {}, streamId = randomUUID()): Message {
  const envelope: Envelope = {
    eventId: randomUUID(),
    eventType: 'TransactionRecorded',
    schemaVersion: 1,
    streamId,
    streamVersion: 1,
    occurredAt: '2026-03-01T09:30:00.000Z',
    correlationId: null,
    causationId: null,
    data,
  };
  return { key: streamId, value: JSON.stringify(envelope), headers: { 'event-id': envelope.eventId } };
}

describe('BatchConsumer', () => {
  const prefix = uniqueTopicPrefix('batch-consumer');
  const guard = new IdempotencyGuard('invoicing');
  let database: EventStoreDatabase;
  let kafka: Kafka;
  let producer: Producer;
  let sut: BatchConsumer<Envelope> | undefined;
  let scenarioNumber = 0;

  beforeAll(async () => {
    database = await createEventStoreDatabase('invoicing');
    await database.dataSource.query('CREATE TABLE invoicing.applied (event_id uuid PRIMARY KEY, label text)');
    kafka = testKafka();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterEach(async () => {
    await sut?.stop();
    sut = undefined;
  });

  afterAll(async () => {
    await producer?.disconnect();
    await database?.close();
  });

  async function topics(): Promise<{ input: string; dlq: string; groupId: string }> {
    scenarioNumber += 1;
    const input = await createTopic(kafka, `${prefix}input-${scenarioNumber}`, 1);
    const dlq = await createTopic(kafka, `${prefix}dlq-${scenarioNumber}`, 1);
    return { input, dlq, groupId: `${prefix}group-${scenarioNumber}` };
  }

  /** Applies each new event by recording it; `data.label` names it, `data.refuse` breaks a rule. */
  async function applyEvents(
    messages: readonly ParsedMessage<Envelope>[],
    queryRunner: QueryRunner,
  ): Promise<void> {
    for (const { payload } of messages) {
      if (payload.data['refuse']) throw new InvalidMessageError('RULE_BROKEN', 'refused by the handler');
      if (!(await guard.tryMarkProcessed('test-projection', payload.eventId, queryRunner))) continue;
      await queryRunner.query('INSERT INTO invoicing.applied (event_id, label) VALUES ($1, $2)', [
        payload.eventId,
        payload.data['label'],
      ]);
    }
  }

  function startConsumer(
    input: string,
    dlq: string,
    groupId: string,
    handleBatch = applyEvents,
  ): Promise<void> {
    sut = new BatchConsumer<Envelope>({
      kafka,
      dataSource: database.dataSource,
      groupId,
      topics: [input],
      fromBeginning: true,
      deadLetterTopic: dlq,
      parse: (message) => parseEnvelope(message.value),
      handleBatch,
      consumer: { maxWaitTimeInMs: 100 },
      backoff: { initialMs: 50, maxMs: 200, jitter: 0 },
      logger: new RecordingLogger(),
    });
    return sut.start();
  }

  async function appliedLabels(labels: readonly string[]): Promise<string[]> {
    const rows: { label: string }[] = await database.dataSource.query(
      'SELECT label FROM invoicing.applied WHERE label = ANY($1) ORDER BY label',
      [labels],
    );
    return rows.map((row) => row.label);
  }

  it('dead-letters unreadable messages with their original bytes and goes on with the valid ones', async () => {
    const { input, dlq, groupId } = await topics();
    const garbage: Message = {
      key: 'k-garbage',
      value: Buffer.from([0xff, 0xfe, 0x00]),
      headers: { trace: 't1' },
    };
    const noEventId = anEnvelopeMessage({ label: 'x' });
    const broken = JSON.parse(String(noEventId.value));
    delete broken.eventId;
    await producer.send({
      topic: input,
      messages: [
        anEnvelopeMessage({ label: 's1-a' }),
        garbage,
        anEnvelopeMessage({ label: 's1-b' }),
        { ...noEventId, value: JSON.stringify(broken) },
        anEnvelopeMessage({ label: 's1-c' }),
      ],
    });

    await startConsumer(input, dlq, groupId);
    await waitFor(async () => (await appliedLabels(['s1-a', 's1-b', 's1-c'])).length === 3);
    const letters = await consumeAll(dlq, { count: 2, kafka });

    const unreadable = letters.find((letter) => letter.key === 'k-garbage')!;
    expect(unreadable.headers).toMatchObject({ trace: 't1', [DLQ_HEADERS.errorCode]: 'MALFORMED_JSON' });
    const rawLetters = await rawValues(dlq, 2);
    expect(rawLetters).toContainEqual(Buffer.from([0xff, 0xfe, 0x00]));
    const invalid = letters.find((letter) => letter.key === noEventId.key)!;
    expect(invalid.headers).toMatchObject({
      [DLQ_HEADERS.errorCode]: 'INVALID_ENVELOPE',
      [DLQ_HEADERS.errorMessage]: 'eventId must be a UUID',
    });
  });

  it('dead-letters a message its handler refuses and applies the rest of the batch', async () => {
    const { input, dlq, groupId } = await topics();
    const refused = anEnvelopeMessage({ label: 's2-refused', refuse: true });
    await producer.send({
      topic: input,
      messages: [anEnvelopeMessage({ label: 's2-a' }), refused, anEnvelopeMessage({ label: 's2-b' })],
    });

    await startConsumer(input, dlq, groupId);
    await waitFor(async () => (await appliedLabels(['s2-a', 's2-b'])).length === 2);
    const [letter] = await consumeAll(dlq, { count: 1, kafka });

    expect(letter.key).toBe(refused.key);
    expect(letter.headers).toMatchObject({
      [DLQ_HEADERS.errorCode]: 'RULE_BROKEN',
      [DLQ_HEADERS.errorMessage]: 'refused by the handler',
    });
    expect(await appliedLabels(['s2-refused'])).toEqual([]);
  });

  it('dead-letters a message whose data PostgreSQL refuses, a NUL in text, and applies the rest of its batch', async () => {
    const { input, dlq, groupId } = await topics();
    const unstorable = anEnvelopeMessage({ label: 's5-\u0000' });
    await producer.send({
      topic: input,
      messages: [anEnvelopeMessage({ label: 's5-a' }), unstorable, anEnvelopeMessage({ label: 's5-b' })],
    });

    await startConsumer(input, dlq, groupId);
    await waitFor(async () => (await appliedLabels(['s5-a', 's5-b'])).length === 2);
    const [letter] = await consumeAll(dlq, { count: 1, kafka });

    expect(letter.key).toBe(unstorable.key);
    expect(letter.headers[DLQ_HEADERS.errorCode]).toBe('UNSTORABLE_MESSAGE');
    expect(letter.headers[DLQ_HEADERS.errorMessage]).toMatch(/0x00/);
  });

  it('dead-letters a record too large for the dead-letter topic without its value, and goes on', async () => {
    const { input, groupId } = await topics();
    const dlq = `${prefix}small-dlq-${scenarioNumber}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: dlq, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '4096' }] },
      ],
    });
    await admin.disconnect();
    const large = { key: 'k-large', value: Buffer.alloc(10_000, 0x41) };
    await producer.send({
      topic: input,
      messages: [
        anEnvelopeMessage({ label: 's6-a' }),
        large,
        { key: 'k-small', value: 'not json' },
        anEnvelopeMessage({ label: 's6-b' }),
      ],
    });

    await startConsumer(input, dlq, groupId);
    await waitFor(async () => (await appliedLabels(['s6-a', 's6-b'])).length === 2);
    const letters = await consumeAll(dlq, { count: 2, kafka });

    const dropped = letters.find((letter) => letter.key === 'k-large')!;
    expect(dropped.value).toBeNull();
    expect(dropped.headers).toMatchObject({
      [DLQ_HEADERS.errorCode]: 'MALFORMED_JSON',
      'original-value-bytes': '10000',
      'original-offset': expect.any(String),
    });
    expect(letters.find((letter) => letter.key === 'k-small')!.value).toBe('not json');
  });

  it('retries a batch that fails for a transient reason until it goes through, skipping nothing', async () => {
    const { input, dlq, groupId } = await topics();
    await producer.send({
      topic: input,
      messages: [anEnvelopeMessage({ label: 's3-a' }), anEnvelopeMessage({ label: 's3-b' })],
    });
    let attempts = 0;

    await startConsumer(input, dlq, groupId, async (messages, queryRunner) => {
      attempts += 1;
      await applyEvents(messages, queryRunner);
      if (attempts <= 3) throw new Error('database unavailable');
    });

    await waitFor(async () => (await appliedLabels(['s3-a', 's3-b'])).length === 2);
    expect(attempts).toBeGreaterThanOrEqual(4);
    expect(await topicIsEmpty(dlq)).toBe(true);
  });

  it('applies a redelivered event once and does not see committed messages again after a restart', async () => {
    const { input, dlq, groupId } = await topics();
    const message = anEnvelopeMessage({ label: 's4-once' });
    await producer.send({ topic: input, messages: [message, message] });
    let handled = 0;
    const counting = async (messages: readonly ParsedMessage<Envelope>[], queryRunner: QueryRunner) => {
      handled += messages.length;
      await applyEvents(messages, queryRunner);
    };

    await startConsumer(input, dlq, groupId, counting);
    await waitFor(() => handled === 2);
    await sut!.stop();
    await producer.send({ topic: input, messages: [anEnvelopeMessage({ label: 's4-after' })] });
    await startConsumer(input, dlq, groupId, counting);
    await waitFor(async () => (await appliedLabels(['s4-after'])).length === 1);

    expect(handled).toBe(3);
    expect(await appliedLabels(['s4-once'])).toEqual(['s4-once']);
  });

  async function rawValues(topic: string, count: number): Promise<Buffer[]> {
    const consumer = kafka.consumer({ groupId: `raw-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const values: Buffer[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value!) });
    await waitFor(() => values.length >= count);
    await consumer.disconnect();
    return values;
  }

  async function topicIsEmpty(topic: string): Promise<boolean> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.every((partition) => partition.high === partition.low);
    } finally {
      await admin.disconnect();
    }
  }
});
