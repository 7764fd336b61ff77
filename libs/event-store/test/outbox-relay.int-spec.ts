import { EVENT_HEADERS, EventEnvelope } from '@app/event-contracts';
import { ConsumedMessage, consumeAll, testKafka, uniqueTopicPrefix, waitFor } from '@app/testing';
import { Kafka } from 'kafkajs';
import { QueryRunner } from 'typeorm';
import { EventStore, OutboxRelay } from '../src';
import { anEvent, aStreamId, someEvents } from './event-builders';
import { createEventStoreDatabase, EventStoreDatabase } from './event-store-database';
import { createTopic, freshEventStoreSchema, testRelay, topicRecordCount } from './outbox-test-kit';

type Published = ConsumedMessage<EventEnvelope>;

describe('OutboxRelay', () => {
  const prefix = uniqueTopicPrefix('outbox-relay');
  let database: EventStoreDatabase;
  let kafka: Kafka;
  let topicNumber = 0;
  let running: OutboxRelay[] = [];
  let openRunners: QueryRunner[] = [];

  beforeAll(async () => {
    database = await createEventStoreDatabase('contracts');
    kafka = testKafka();
  });

  afterEach(async () => {
    await Promise.all(running.map((relay) => relay.stop()));
    await Promise.all(openRunners.map((runner) => runner.release()));
    running = [];
    openRunners = [];
  });

  afterAll(async () => {
    await database?.close();
  });

  /** A fresh event store schema and topic, so each test starts from an empty outbox. */
  async function scenario(): Promise<{ store: EventStore; schema: string; topic: string }> {
    const schema = await freshEventStoreSchema(database.dataSource);
    topicNumber += 1;
    const topic = await createTopic(kafka, `${prefix}events-${topicNumber}`);
    return { store: new EventStore(database.dataSource, { schema }), schema, topic };
  }

  function startRelay(topic: string, schema: string, name = 'test-relay'): OutboxRelay {
    const relay = testRelay(topic, { schema, connection: database.url, kafka, name });
    running.push(relay);
    relay.start();
    return relay;
  }

  async function openTransaction(): Promise<QueryRunner> {
    const runner = database.dataSource.createQueryRunner();
    openRunners.push(runner);
    await runner.connect();
    await runner.startTransaction();
    return runner;
  }

  function versionsPerStream(messages: readonly Published[]): Map<string, number[]> {
    const perStream = new Map<string, number[]>();
    for (const message of messages) {
      const versions = perStream.get(message.value.streamId) ?? [];
      versions.push(message.value.streamVersion);
      perStream.set(message.value.streamId, versions);
    }
    return perStream;
  }

  it('publishes every event once, in stream order, as the docs/product.md 4.2 envelope with its headers', async () => {
    const { store, schema, topic } = await scenario();
    const streams = [aStreamId(), aStreamId(), aStreamId()];
    for (const streamId of streams) {
      const first = await store.append(streamId, 'contract', 'no-stream', someEvents(3), {
        metadata: { correlationId: `corr-${streamId}`, causationId: null },
      });
      await store.append(streamId, 'contract', first.nextVersion, someEvents(2));
    }

    const relay = startRelay(topic, schema);
    await relay.waitUntilCaughtUp();
    const published = await consumeAll<EventEnvelope>(topic, { count: 15, kafka });

    expect(await topicRecordCount(kafka, topic)).toBe(15);
    for (const streamId of streams)
      expect(versionsPerStream(published).get(streamId)).toEqual([1, 2, 3, 4, 5]);
    const [stored] = await store.readStream(streams[0], { toVersion: 1 });
    const message = published.find((candidate) => candidate.value.eventId === stored.eventId)!;
    expect(message.key).toBe(streams[0]);
    expect(message.headers).toMatchObject({
      [EVENT_HEADERS.eventType]: stored.eventType,
      [EVENT_HEADERS.eventId]: stored.eventId,
      [EVENT_HEADERS.schemaVersion]: '1',
    });
    expect(message.value).toEqual({
      eventId: stored.eventId,
      eventType: stored.eventType,
      schemaVersion: 1,
      streamId: streams[0],
      streamVersion: 1,
      occurredAt: stored.occurredAt.toISOString(),
      correlationId: `corr-${streams[0]}`,
      causationId: null,
      data: stored.data,
    });
  });

  it('publishes an event whose transaction took an earlier position but committed after a later one', async () => {
    const { store, schema, topic } = await scenario();
    const [early, late] = [aStreamId(), aStreamId()];
    // B takes its transaction id first, A takes the lower global position, B commits first, A last.
    const b = await openTransaction();
    await b.query('SELECT pg_current_xact_id()');
    const a = await openTransaction();
    const aResult = await store.append(late, 'contract', 'no-stream', someEvents(1), { queryRunner: a });
    const bResult = await store.append(early, 'contract', 'no-stream', someEvents(1), { queryRunner: b });
    await b.commitTransaction();
    expect(aResult.globalPositions[0]).toBeLessThan(bResult.globalPositions[0]);

    startRelay(topic, schema);
    // B is published while A is still open: A's transaction cannot commit below B's checkpoint.
    await waitFor(async () => (await topicRecordCount(kafka, topic)) === 1, { description: "B's event" });
    await a.commitTransaction();

    const published = await consumeAll<EventEnvelope>(topic, { count: 2, kafka });
    expect(published.map((message) => message.value.streamId).sort()).toEqual([early, late].sort());
    await waitFor(async () => (await topicRecordCount(kafka, topic)) === 2);
  });

  it('holds back later transactions while an earlier one is open, then publishes both in commit-safe order', async () => {
    const { store, schema, topic } = await scenario();
    const streamId = aStreamId();
    const a = await openTransaction();
    await store.append(streamId, 'contract', 'no-stream', someEvents(2), { queryRunner: a });
    const other = aStreamId();
    await store.append(other, 'contract', 'no-stream', someEvents(1));

    const relay = startRelay(topic, schema);
    await waitFor(() => relay.isLeader(), { description: 'the relay leading' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await topicRecordCount(kafka, topic)).toBe(0);

    await a.commitTransaction();
    await store.append(streamId, 'contract', 2, someEvents(1));
    await relay.waitUntilCaughtUp();
    const published = await consumeAll<EventEnvelope>(topic, { count: 4, kafka });

    expect(await topicRecordCount(kafka, topic)).toBe(4);
    expect(versionsPerStream(published).get(streamId)).toEqual([1, 2, 3]);
    expect(versionsPerStream(published).get(other)).toEqual([1]);
  });

  it('orders by order key as a number, not as text and not by position', async () => {
    const { schema, topic } = await scenario();
    const streamId = aStreamId();
    // Written out of order on purpose: version 2 in transaction 10 first, version 1 in transaction 9.
    for (const [version, transactionId] of [
      [2, '10'],
      [1, '9'],
    ]) {
      await database.dataSource.query(
        `INSERT INTO "${schema}".events (stream_id, stream_type, stream_version, event_id, event_type,
           schema_version, data, occurred_at, transaction_id, order_key)
         VALUES ($1, 'contract', $2, gen_random_uuid(), 'TransactionRecorded', 1, '{}', now(), $3::xid8, $3::xid8)`,
        [streamId, version, transactionId],
      );
    }

    const relay = startRelay(topic, schema);
    await relay.waitUntilCaughtUp();
    const published = await consumeAll<EventEnvelope>(topic, { count: 2, kafka });

    expect(versionsPerStream(published).get(streamId)).toEqual([1, 2]);
  });

  it('never publishes events of a rolled-back transaction', async () => {
    const { store, schema, topic } = await scenario();
    const a = await openTransaction();
    await store.append(aStreamId(), 'contract', 'no-stream', someEvents(2), { queryRunner: a });
    await a.rollbackTransaction();
    const kept = aStreamId();
    await store.append(kept, 'contract', 'no-stream', someEvents(1));

    const relay = startRelay(topic, schema);
    await relay.waitUntilCaughtUp();

    expect(await topicRecordCount(kafka, topic)).toBe(1);
    const [message] = await consumeAll<EventEnvelope>(topic, { count: 1, kafka });
    expect(message.value.streamId).toBe(kept);
  });

  it('publishes a batch of large events of one key, more than a broker takes in one request, in order', async () => {
    const { store, schema, topic } = await scenario();
    const streamId = aStreamId();
    const large = Array.from({ length: 4 }, (_, i) =>
      anEvent({ data: { n: i, text: String(i).repeat(300_000) } }),
    );
    await store.append(streamId, 'invoice', 'no-stream', large);

    const relay = startRelay(topic, schema);
    await relay.waitUntilCaughtUp(20_000);

    const messages = await consumeAll<EventEnvelope<string, { n: number }>>(topic, { count: 4, kafka });
    expect(messages.map((m) => [m.value.streamVersion, m.value.data.n])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
  });

  it('resumes from its checkpoint after a restart without publishing anything twice', async () => {
    const { store, schema, topic } = await scenario();
    const streamId = aStreamId();
    await store.append(streamId, 'contract', 'no-stream', someEvents(10));
    const first = startRelay(topic, schema);
    await first.waitUntilCaughtUp();
    await first.stop();

    await store.append(streamId, 'contract', 10, someEvents(5));
    const second = startRelay(topic, schema);
    await second.waitUntilCaughtUp();

    expect(await topicRecordCount(kafka, topic)).toBe(15);
    const published = await consumeAll<EventEnvelope>(topic, { count: 15, kafka });
    expect(versionsPerStream(published).get(streamId)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it('stores the checkpoint of its last batch as soon as it is caught up, so a crash then republishes nothing', async () => {
    const { store, schema, topic } = await scenario();
    const streamId = aStreamId();
    await store.append(streamId, 'contract', 'no-stream', someEvents(4));
    // A long poll and no LISTEN: only the relay's own turn after a send can store the checkpoint.
    const relay = testRelay(topic, {
      schema,
      connection: database.url,
      kafka,
      pollIntervalMs: 60_000,
      listen: false,
    });
    running.push(relay);
    relay.start();
    await relay.waitUntilCaughtUp();

    const [checkpoint] = await database.dataSource.query<{ global_position: string }[]>(
      `SELECT global_position::text AS global_position FROM "${schema}".outbox_checkpoints WHERE relay_name = $1`,
      ['test-relay'],
    );
    const [last] = await database.dataSource.query<{ global_position: string }[]>(
      `SELECT max(global_position)::text AS global_position FROM "${schema}".events`,
    );
    expect(checkpoint.global_position).toBe(last.global_position);
  });

  it('frees leadership when the leader loses its database connection, and nothing is lost', async () => {
    const { store, schema, topic } = await scenario();
    const relays = [startRelay(topic, schema), startRelay(topic, schema)];
    const streamId = aStreamId();
    await store.append(streamId, 'contract', 'no-stream', someEvents(10));
    const leader = await waitFor(() => relays.find((relay) => relay.isLeader()), { description: 'a leader' });
    await leader.waitUntilCaughtUp();

    const terminated: { pid: number }[] = await database.dataSource.query(
      `SELECT pid, pg_terminate_backend(pid) FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(terminated).toHaveLength(1);
    await store.append(streamId, 'contract', 10, someEvents(10));
    const published = await consumeAll<EventEnvelope>(topic, {
      until: (messages) => new Set(messages.map((message) => message.value.streamVersion)).size === 20,
      kafka,
    });
    expect(relays.filter((relay) => relay.isLeader()).length).toBeLessThanOrEqual(1);
    const firstSeen = [...new Set(published.map((message) => message.value.streamVersion))];
    expect(firstSeen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('keeps trying while its database is unreachable and publishes once it is there', async () => {
    const later = new URL(database.url);
    later.pathname = `/${later.pathname.slice(1)}_later`;
    const topic = await createTopic(kafka, `${prefix}events-later`);
    const relay = testRelay(topic, { schema: 'contracts', connection: later.toString(), kafka });
    running.push(relay);
    relay.start();
    const laterDatabase = await createEventStoreDatabase('contracts', { url: later.toString() });
    try {
      const streamId = aStreamId();
      const store = new EventStore(laterDatabase.dataSource, { schema: 'contracts' });
      await store.append(streamId, 'contract', 'no-stream', someEvents(3));

      await waitFor(() => relay.isLeader(), { description: 'the relay leading', timeoutMs: 15_000 });
      await relay.waitUntilCaughtUp();

      expect(await topicRecordCount(kafka, topic)).toBe(3);
    } finally {
      await relay.stop();
      await laterDatabase.close();
    }
  });

  it('lets one of two relays publish, and the other take over when it stops, without duplicates', async () => {
    const { store, schema, topic } = await scenario();
    const relays = [startRelay(topic, schema), startRelay(topic, schema)];
    const leader = await waitFor(() => relays.find((relay) => relay.isLeader()), { description: 'a leader' });
    const follower = relays.find((relay) => relay !== leader)!;
    const streams = Array.from({ length: 5 }, () => aStreamId());

    await Promise.all(
      streams.map((streamId) => store.append(streamId, 'contract', 'no-stream', someEvents(20))),
    );
    await leader.waitUntilCaughtUp();
    expect(follower.isLeader()).toBe(false);
    await leader.stop();

    await Promise.all(streams.map((streamId) => store.append(streamId, 'contract', 20, someEvents(10))));
    await waitFor(() => follower.isLeader(), { description: 'the follower taking over' });
    await follower.waitUntilCaughtUp();

    expect(await topicRecordCount(kafka, topic)).toBe(150);
    const published = await consumeAll<EventEnvelope>(topic, { count: 150, kafka });
    expect(new Set(published.map((message) => message.value.eventId)).size).toBe(150);
    for (const streamId of streams) {
      expect(versionsPerStream(published).get(streamId)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
  });
});
