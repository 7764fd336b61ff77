import { DLQ_HEADERS, EventEnvelope } from '@app/event-contracts';
import { consumeAll, testKafka, uniqueTopicPrefix, waitFor } from '@app/testing';
import { randomUUID } from 'node:crypto';
import {
  ConfigResourceTypes,
  Kafka,
  KafkaJSNonRetriableError,
  Message,
  Partitioners,
  Producer,
} from 'kafkajs';
import { QueryRunner } from 'typeorm';
import {
  BatchConsumer,
  BatchConsumerOptions,
  BatchHandlingResult,
  IdempotencyGuard,
  InvalidMessageError,
  parseEnvelope,
  ParsedMessage,
  RejectedMessage,
} from '../src';
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

  /** Like a command intake: records every new id, a refused one too, and reports `data.reject` as refused. */
  async function applyOrRefuse(
    messages: readonly ParsedMessage<Envelope>[],
    queryRunner: QueryRunner,
  ): Promise<BatchHandlingResult<Envelope>> {
    const rejected: RejectedMessage<Envelope>[] = [];
    for (const message of messages) {
      const { eventId, data } = message.payload;
      if (!(await guard.tryMarkProcessed('test-intake', eventId, queryRunner))) continue;
      if (data['reject'])
        rejected.push({ message, error: new InvalidMessageError('RULE_BROKEN', 'refused') });
      else await applyEvents([message], queryRunner);
    }
    return { rejected };
  }

  function startConsumer(
    input: string,
    dlq: string,
    groupId: string,
    handleBatch: BatchConsumerOptions<Envelope>['handleBatch'] = applyEvents,
    options: Partial<BatchConsumerOptions<Envelope>> = {},
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
      ...options,
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

  it('retries a batch whose database connection is lost for as long as it takes, past the attempts allowed, dead-lettering nothing', async () => {
    const { input, dlq, groupId } = await topics();
    await producer.send({
      topic: input,
      messages: [anEnvelopeMessage({ label: 's3-a' }), anEnvelopeMessage({ label: 's3-b' })],
    });
    let attempts = 0;

    const loseConnection = async (messages: readonly ParsedMessage<Envelope>[], queryRunner: QueryRunner) => {
      attempts += 1;
      await applyEvents(messages, queryRunner);
      // A real outage: PostgreSQL ends the handler's connection in the middle of its transaction.
      if (attempts <= 4) await queryRunner.query('SELECT pg_terminate_backend(pg_backend_pid())');
    };
    await startConsumer(input, dlq, groupId, loseConnection, { maxAttempts: 2 });

    await waitFor(async () => (await appliedLabels(['s3-a', 's3-b'])).length === 2);
    expect(attempts).toBeGreaterThanOrEqual(5);
    expect(await topicIsEmpty(dlq)).toBe(true);
  });

  it('dead-letters a message its handler keeps failing on unexpectedly, after the attempts allowed and with the error, and goes on with the partition', async () => {
    const { input, dlq, groupId } = await topics();
    const failing = anEnvelopeMessage({ label: 's8-failing', explode: true });
    await producer.send({
      topic: input,
      messages: [
        anEnvelopeMessage({ label: 's8-before' }),
        failing,
        anEnvelopeMessage({ label: 's8-after' }),
      ],
    });
    let attemptsOnFailing = 0;

    const buggy = async (messages: readonly ParsedMessage<Envelope>[], queryRunner: QueryRunner) => {
      if (messages.some((message) => message.payload.data['explode'])) {
        attemptsOnFailing += 1;
        const missing = undefined as unknown as { amount: string };
        return void missing.amount; // a TypeError, as a handler bug throws it
      }
      await applyEvents(messages, queryRunner);
    };
    await startConsumer(input, dlq, groupId, buggy, { maxAttempts: 3 });

    await waitFor(async () => (await appliedLabels(['s8-before', 's8-after'])).length === 2);
    const [letter] = await consumeAll(dlq, { count: 1, kafka });
    expect(letter.key).toBe(failing.key);
    expect(letter.headers).toMatchObject({
      [DLQ_HEADERS.errorCode]: 'UNEXPECTED_ERROR',
      'original-offset': '1',
      'event-id': String(failing.headers!['event-id']),
    });
    expect(letter.headers[DLQ_HEADERS.errorMessage]).toMatch(
      /^TypeError: Cannot read properties of undefined \(reading 'amount'\) \(failed 3 attempts\)$/,
    );
    // Once with its batch, then three times alone.
    expect(attemptsOnFailing).toBe(4);
    expect(await committedOffset(groupId, input)).toBe('3');
  });

  it('starts its kafkajs consumer again when it crashed on an error kafkajs does not restart it for, and goes on', async () => {
    // kafkajs retries a batch that throws, but a non-retriable Kafka error out of it (an offset
    // commit or heartbeat the coordinator refuses for good, say; here thrown once by the metrics
    // hook after the batch) crashes the consumer and kafkajs does not restart it: consumption
    // stopped for good while the service stayed up.
    const { input, dlq, groupId } = await topics();
    const logger = new RecordingLogger();
    let sinkFailures = 0;
    const metrics = {
      messagesProcessed: () => {
        if (sinkFailures++ === 0) throw new KafkaJSNonRetriableError('the coordinator refused for good');
      },
    };
    await producer.send({ topic: input, messages: [anEnvelopeMessage({ label: 's-crash-1' })] });

    await startConsumer(input, dlq, groupId, applyEvents, { metrics, logger });
    await waitFor(() => sinkFailures >= 1);
    await producer.send({ topic: input, messages: [anEnvelopeMessage({ label: 's-crash-2' })] });

    await waitFor(async () => (await appliedLabels(['s-crash-2'])).length === 1, { timeoutMs: 30_000 });
    expect(await appliedLabels(['s-crash-1', 's-crash-2'])).toEqual(['s-crash-1', 's-crash-2']);
    expect(logger.lines.some((line) => line.includes('the coordinator refused for good'))).toBe(true);
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

  it('produces a refused message’s dead letter before its id and offset commit, so a crash while the DLQ cannot be written loses no letter', async () => {
    const { input, groupId } = await topics();
    // A dead-letter topic that takes no record at all: every write to it fails.
    const dlq = await createTopic(kafka, `${prefix}unwritable-dlq-${scenarioNumber}`, 1);
    await setTopicConfig(dlq, 'max.message.bytes', '64');
    const refused = anEnvelopeMessage({ label: 's7-refused', reject: true });
    const refusedId = String(refused.headers!['event-id']);
    await producer.send({ topic: input, messages: [refused, anEnvelopeMessage({ label: 's7-after' })] });
    let failures = 0;

    await startConsumer(input, dlq, groupId, applyOrRefuse, {
      metrics: { batchFailed: () => void failures++ },
    });
    await waitFor(() => failures >= 3, { description: 'dead-letter attempts' });
    await sut!.stop(); // the crash: the dead letter was never written

    expect(await isProcessed('test-intake', refusedId)).toBe(false);
    expect(await committedOffset(groupId, input)).toBe('-1');
    expect(await appliedLabels(['s7-after'])).toEqual([]);

    await setTopicConfig(dlq, 'max.message.bytes', '1048588');
    await startConsumer(input, dlq, groupId, applyOrRefuse);
    const [letter] = await consumeAll(dlq, { count: 1, kafka });
    expect(letter.headers).toMatchObject({
      'event-id': refusedId,
      [DLQ_HEADERS.errorCode]: 'RULE_BROKEN',
      'original-topic': input,
      'original-partition': '0',
      'original-offset': '0',
    });
    await waitFor(async () => (await committedOffset(groupId, input)) === '2', { description: 'offset 2' });
    expect(await isProcessed('test-intake', refusedId)).toBe(true);
    expect(await appliedLabels(['s7-after'])).toEqual(['s7-after']);
  });

  async function setTopicConfig(topic: string, name: string, value: string): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name, value }] }],
      });
    } finally {
      await admin.disconnect();
    }
  }

  async function committedOffset(groupId: string, topic: string): Promise<string> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return offsets.partitions[0].offset;
    } finally {
      await admin.disconnect();
    }
  }

  async function isProcessed(consumer: string, messageId: string): Promise<boolean> {
    const rows: unknown[] = await database.dataSource.query(
      'SELECT 1 FROM invoicing.processed_messages WHERE consumer = $1 AND message_id = $2',
      [consumer, messageId],
    );
    return rows.length === 1;
  }

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
