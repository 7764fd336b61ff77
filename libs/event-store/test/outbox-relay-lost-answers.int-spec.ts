import { EventEnvelope } from '@app/event-contracts';
import { consumeAll, uniqueTopicPrefix, waitFor } from '@app/testing';
import { ISocketFactory, Kafka, logLevel } from 'kafkajs';
import { connect, Socket } from 'node:net';
import { EventStore, OutboxRelay } from '../src';
import { aStreamId, someEvents } from './event-builders';
import { createEventStoreDatabase, EventStoreDatabase } from './event-store-database';
import { createTopic, freshEventStoreSchema, testRelay, topicRecordCount } from './outbox-test-kit';

const PRODUCE_API_KEY = 0;

/**
 * Connections to the real broker that can lose answers: while `answersToLose` is above zero, a
 * connection that carries a produce request stops reading and is reset half a second later, after
 * the broker appended the records but before the client read its answer (a leader dying after its
 * followers copied the batch looks the same to the producer).
 */
class LosingAnswers {
  answersToLose = 0;
  lost = 0;

  readonly socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket = connect({ host, port }, onConnect);
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((...args: unknown[]) => {
      const [chunk] = args;
      const written = write(...args);
      if (Buffer.isBuffer(chunk) && chunk.length >= 6 && chunk.readInt16BE(4) === PRODUCE_API_KEY) {
        this.produceWritten(socket);
      }
      return written;
    }) as Socket['write'];
    return socket;
  };

  private produceWritten(socket: Socket): void {
    if (this.answersToLose <= 0) return;
    this.answersToLose -= 1;
    this.lost += 1;
    socket.pause();
    setTimeout(() => socket.destroy(new Error('read ECONNRESET (answer lost on purpose)')), 500);
  }
}

/**
 * ADR 0004, "Publishing": a send whose answers were all lost (the producer's retries ran out) is
 * sent again through the same idempotent producer, with the same sequence numbers, so the broker
 * acknowledges what it had appended as a duplicate instead of appending it twice.
 */
describe('OutboxRelay when the broker appended a batch but its answers were lost', () => {
  const prefix = uniqueTopicPrefix('outbox-lost-answers');
  const PRODUCER_RETRIES = 2;
  let database: EventStoreDatabase;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    database = await createEventStoreDatabase('contracts');
  });

  afterAll(async () => {
    await relay?.stop();
    await database?.close();
  });

  it('publishes each event once although the first send failed after the broker appended it', async () => {
    const losing = new LosingAnswers();
    const kafka = new Kafka({
      clientId: 'outbox-lost-answers',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.NOTHING,
      socketFactory: losing.socketFactory,
    });
    const schema = await freshEventStoreSchema(database.dataSource);
    // One partition: the batch is one record batch, every attempt of whose send loses its answer.
    const topic = await createTopic(kafka, `${prefix}events`, 1);
    const store = new EventStore(database.dataSource, { schema });
    const failures: unknown[] = [];
    relay = testRelay(topic, {
      schema,
      connection: database.url,
      kafka,
      producer: { retry: { retries: PRODUCER_RETRIES, initialRetryTime: 50, maxRetryTime: 200 } },
      metrics: { publishFailed: (error) => failures.push(error) },
    });
    relay.start();
    const warmUp = aStreamId();
    await store.append(warmUp, 'contract', 'no-stream', someEvents(1));
    await relay.waitUntilCaughtUp();

    // Every attempt of the next send (the producer's first try and its retries) loses its answer.
    losing.answersToLose = PRODUCER_RETRIES + 1;
    const streams = [aStreamId(), aStreamId(), aStreamId(), aStreamId()];
    for (const streamId of streams) await store.append(streamId, 'contract', 'no-stream', someEvents(5));
    await waitFor(() => losing.answersToLose === 0, { timeoutMs: 20_000, description: 'answers lost' });
    await relay.waitUntilCaughtUp(30_000);

    expect(losing.lost).toBe(PRODUCER_RETRIES + 1);
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(await topicRecordCount(kafka, topic)).toBe(21);
    const published = await consumeAll<EventEnvelope>(topic, { count: 21, kafka, timeoutMs: 30_000 });
    const perEventId = new Map<string, number>();
    for (const { value } of published)
      perEventId.set(value.eventId, (perEventId.get(value.eventId) ?? 0) + 1);
    expect([...perEventId.values()].filter((records) => records > 1)).toEqual([]);
    expect(perEventId.size).toBe(21);
  }, 90_000);
});
