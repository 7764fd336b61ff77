import { EventEnvelope } from '@app/event-contracts';
import { consumeAll, PrivateKafkaBroker, startPrivateKafkaBroker, waitFor } from '@app/testing';
import { Kafka, logLevel } from 'kafkajs';
import { EventStore, OutboxRelay } from '../src';
import { aStreamId, someEvents } from './event-builders';
import { createEventStoreDatabase, EventStoreDatabase } from './event-store-database';
import { createTopic, testRelay, topicRecordCount } from './outbox-test-kit';

describe('OutboxRelay when Kafka goes away', () => {
  const topic = 'contracts.events';
  let database: EventStoreDatabase;
  let broker: PrivateKafkaBroker;
  let kafka: Kafka;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    [database, broker] = await Promise.all([
      createEventStoreDatabase('contracts'),
      startPrivateKafkaBroker(),
    ]);
    kafka = new Kafka({
      clientId: 'outage-test',
      brokers: [broker.brokers],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1_000,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
    await createTopic(kafka, topic);
  }, 120_000);

  afterAll(async () => {
    await relay?.stop();
    await Promise.all([database?.close(), broker?.dispose()]);
  }, 60_000);

  it('keeps the events while the broker is down and publishes all of them, in order, once it is back', async () => {
    const store = new EventStore(database.dataSource, { schema: 'contracts' });
    const failures: unknown[] = [];
    relay = testRelay(topic, {
      schema: 'contracts',
      connection: database.url,
      kafka,
      metrics: { publishFailed: (error) => failures.push(error) },
    });
    relay.start();
    const streams = [aStreamId(), aStreamId()];
    for (const streamId of streams) await store.append(streamId, 'contract', 'no-stream', someEvents(5));
    await relay.waitUntilCaughtUp();

    await broker.stop();
    for (const streamId of streams) await store.append(streamId, 'contract', 5, someEvents(10));
    await waitFor(() => failures.length >= 2, { timeoutMs: 30_000, description: 'failed publish attempts' });
    expect(relay.isLeader()).toBe(true);

    await broker.start();
    await relay.waitUntilCaughtUp(60_000);

    expect(await topicRecordCount(kafka, topic)).toBe(30);
    const published = await consumeAll<EventEnvelope>(topic, { count: 30, kafka, timeoutMs: 30_000 });
    for (const streamId of streams) {
      const versions = published
        .filter((m) => m.value.streamId === streamId)
        .map((m) => m.value.streamVersion);
      expect(versions).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    }
  }, 180_000);
});
