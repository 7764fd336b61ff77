import { EventEnvelope } from '@app/event-contracts';
import { ConsumedMessage, consumeAll, testKafka, uniqueTopicPrefix, waitFor } from '@app/testing';
import { ConfigResourceTypes, Kafka } from 'kafkajs';
import { EventStore, OutboxRelay, readOutboxParked, WAITING_BEHIND_PARKED } from '../src';
import { anEvent, aStreamId, someEvents } from './event-builders';
import { createEventStoreDatabase, EventStoreDatabase } from './event-store-database';
import {
  createTopic,
  freshEventStoreSchema,
  RecordingLogger,
  testRelay,
  topicRecordCount,
} from './outbox-test-kit';

type Published = ConsumedMessage<EventEnvelope>;

/** Versions per stream as they stand on the topic, a re-published event counted once. */
function versionsPerStream(messages: readonly Published[]): Map<string, number[]> {
  const seen = new Set<string>();
  const perStream = new Map<string, number[]>();
  for (const { value } of messages) {
    if (seen.has(value.eventId)) continue;
    seen.add(value.eventId);
    perStream.set(value.streamId, [...(perStream.get(value.streamId) ?? []), value.streamVersion]);
  }
  return perStream;
}

async function setMaxMessageBytes(kafka: Kafka, topic: string, bytes: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [{ name: 'max.message.bytes', value: String(bytes) }],
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}

describe('OutboxRelay when the broker refuses a record', () => {
  const prefix = uniqueTopicPrefix('outbox-parking');
  let database: EventStoreDatabase;
  let kafka: Kafka;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    database = await createEventStoreDatabase('contracts');
    kafka = testKafka();
  });

  afterAll(async () => {
    await relay?.stop();
    await database?.close();
  });

  it('parks it with its reason, publishes the other keys, holds its key behind it and drains it in order once the cause is fixed', async () => {
    const schema = await freshEventStoreSchema(database.dataSource);
    // The broker takes record batches of at most 10,000 bytes on this topic.
    const topic = await createTopic(kafka, `${prefix}events`, 3, [
      { name: 'max.message.bytes', value: '10000' },
    ]);
    const store = new EventStore(database.dataSource, { schema });
    const [large, first, second] = [aStreamId(), aStreamId(), aStreamId()];
    const tooLarge = anEvent({ data: { n: 0, note: 'x'.repeat(20_000) } });
    await store.append(first, 'contract', 'no-stream', someEvents(2));
    const refused = await store.append(large, 'contract', 'no-stream', [tooLarge]);
    await store.append(second, 'contract', 'no-stream', someEvents(2));
    await store.append(large, 'contract', 1, someEvents(2));
    await store.append(first, 'contract', 2, someEvents(1));

    const logger = new RecordingLogger();
    relay = testRelay(topic, { schema, connection: database.url, kafka, logger, parkedRetryMs: 300_000 });
    relay.start();
    await relay.waitUntilCaughtUp(20_000);

    // Other keys go on: everything of the two other streams is on the topic, nothing of the large one.
    const beforeFix = await consumeAll<EventEnvelope>(topic, {
      kafka,
      until: (messages) =>
        versionsPerStream(messages).get(first)?.length === 3 &&
        versionsPerStream(messages).get(second)?.length === 2,
    });
    expect(versionsPerStream(beforeFix).get(first)).toEqual([1, 2, 3]);
    expect(versionsPerStream(beforeFix).get(second)).toEqual([1, 2]);
    expect(versionsPerStream(beforeFix).has(large)).toBe(false);

    // The refused event is parked with its reason; its key's later events wait behind it.
    const refusedId = refused.eventIds[0];
    const parked = await readOutboxParked(database.dataSource, schema, 'test-relay');
    expect(parked).toMatchObject({
      events: 3,
      byReason: { MESSAGE_TOO_LARGE: 1, [WAITING_BEHIND_PARKED]: 2 },
      first: { eventId: refusedId, streamId: large, topic, reason: 'MESSAGE_TOO_LARGE' },
    });
    expect(logger.lines.find((line) => line.includes(`parked event ${refusedId}`))).toContain(large);

    // Written after the park: the large stream's next event waits too, the other stream's goes out.
    await store.append(large, 'contract', 3, someEvents(1));
    await store.append(second, 'contract', 2, someEvents(1));
    await relay.waitUntilCaughtUp(20_000);
    await consumeAll<EventEnvelope>(topic, {
      kafka,
      until: (messages) => versionsPerStream(messages).get(second)?.length === 3,
    });
    expect((await readOutboxParked(database.dataSource, schema, 'test-relay')).events).toBe(4);

    // The cause fixed, a replica taking the lead (a restart) tries the parked key at once (the
    // retry every `parkedRetryMs` is the invoicing relay test's) and drains it in order.
    await relay.stop();
    await setMaxMessageBytes(kafka, topic, 1_000_000);
    relay = testRelay(topic, { schema, connection: database.url, kafka, logger, parkedRetryMs: 300_000 });
    relay.start();
    await waitFor(
      async () => (await readOutboxParked(database.dataSource, schema, 'test-relay')).events === 0,
      {
        timeoutMs: 20_000,
        description: 'the parked key drained',
      },
    );
    const afterFix = await consumeAll<EventEnvelope>(topic, {
      kafka,
      until: (messages) => versionsPerStream(messages).get(large)?.length === 4,
    });
    const largeRecords = afterFix.filter((message) => message.value.streamId === large);
    expect(largeRecords.map((message) => message.value.streamVersion)).toEqual([1, 2, 3, 4]);
    expect(largeRecords[0].value.eventId).toBe(refusedId);
    expect(logger.lines.some((line) => line.includes('parked key resumed'))).toBe(true);

    // Later events of the key go the ordinary way again.
    await store.append(large, 'contract', 4, someEvents(1));
    await relay.waitUntilCaughtUp(20_000);
    const last = await consumeAll<EventEnvelope>(topic, {
      kafka,
      until: (messages) => versionsPerStream(messages).get(large)?.length === 5,
    });
    expect(versionsPerStream(last).get(large)).toEqual([1, 2, 3, 4, 5]);
    // Each event once: only the refused partition's events went again one by one (ADR 0004, "Parking").
    expect(await topicRecordCount(kafka, topic)).toBe(3 + 3 + 5);
  }, 120_000);

  it('sends the events of a request the broker refuses as a whole one by one, parking none that it takes alone', async () => {
    const schema = await freshEventStoreSchema(database.dataSource);
    const topic = await createTopic(kafka, `${prefix}together`, 3, [
      { name: 'max.message.bytes', value: '10000' },
    ]);
    const store = new EventStore(database.dataSource, { schema });
    const streamId = aStreamId();
    // Each fits the topic's 10,000 bytes, the two in one record batch do not.
    const sixKilobytes = () => anEvent({ data: { note: 'y'.repeat(6_000) } });
    await store.append(streamId, 'contract', 'no-stream', [sixKilobytes(), sixKilobytes()]);

    await relay?.stop();
    relay = testRelay(topic, { schema, connection: database.url, kafka });
    relay.start();
    await relay.waitUntilCaughtUp(20_000);

    const published = await consumeAll<EventEnvelope>(topic, { kafka, count: 2 });
    expect(published.map((message) => message.value.streamVersion)).toEqual([1, 2]);
    expect((await readOutboxParked(database.dataSource, schema, 'test-relay')).events).toBe(0);
  }, 60_000);
});
