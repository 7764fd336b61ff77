/* global require, process, console, URL */
/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Relay throughput: pre-appends EVENTS events (bulk appends of 1,000) to STREAMS streams in a
 * database of its own, then times one relay publishing all of them to a fresh 6-partition topic.
 *
 *   node libs/event-store/bench/relay-throughput.js            # 50,000 events, 100 streams, batches of 500
 *   EVENTS=200000 BATCH_SIZE=1000 node libs/event-store/bench/relay-throughput.js
 *
 * Needs DATABASE_URL and KAFKA_BROKERS (defaults: local PostgreSQL and 127.0.0.1:9092).
 */
require('./typescript-hook');
const { randomBytes, randomUUID } = require('crypto');
const { Client } = require('pg');
const { Kafka, logLevel } = require('kafkajs');
const { DataSource } = require('typeorm');
const {
  EventStore,
  OutboxRelay,
  eventStoreMigration,
  eventStoreOrderKeyMigration,
  outboxParkingMigration,
} = require('../src');

const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const totalEvents = Number(process.env.EVENTS || 50_000);
const streamCount = Number(process.env.STREAMS || 100);
const batchSize = Number(process.env.BATCH_SIZE || 500);
const quiet = { log: () => undefined, warn: console.warn, error: console.error };

async function onServer(sql) {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

function anEvent(n) {
  return {
    eventType: 'TransactionRecorded',
    data: { transactionId: randomUUID(), quantity: '7.5', unitPrice: '120.00', amount: '900.00', n },
  };
}

async function preAppend(store) {
  const streams = Array.from({ length: streamCount }, () => randomUUID());
  const versions = new Map(streams.map((id) => [id, 0]));
  const started = Date.now();
  for (let done = 0; done < totalEvents; done += 1_000) {
    const streamId = streams[(done / 1_000) % streams.length];
    const count = Math.min(1_000, totalEvents - done);
    const events = Array.from({ length: count }, (_, i) => anEvent(done + i));
    const { nextVersion } = await store.append(streamId, 'contract', versions.get(streamId), events);
    versions.set(streamId, nextVersion);
  }
  return Date.now() - started;
}

async function main() {
  const database = `relay_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const topic = `bench-${randomBytes(4).toString('hex')}.contracts.events`;
  const kafka = new Kafka({ clientId: 'relay-bench', brokers, logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await onServer(`CREATE DATABASE "${database}"`);
  const dataSource = new DataSource({
    type: 'postgres',
    url: url.toString(),
    migrations: [
      eventStoreMigration('contracts'),
      eventStoreOrderKeyMigration('contracts', { timestamp: 1732406400001 }),
      outboxParkingMigration('contracts', { timestamp: 1732406400002 }),
    ],
  });
  let relay;
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });

    const appendMs = await preAppend(new EventStore(dataSource, { schema: 'contracts' }));
    console.log(
      `appended ${totalEvents} events in ${appendMs} ms (${Math.round((totalEvents / appendMs) * 1000)} events/s, 1,000 per append)`,
    );

    let published = 0;
    relay = new OutboxRelay({
      name: 'bench',
      schema: 'contracts',
      connection: url.toString(),
      kafka,
      batchSize,
      logger: quiet,
      route: (event) => ({ topic, key: event.streamId }),
      metrics: { eventsPublished: (count) => (published += count) },
    });
    const started = Date.now();
    relay.start();
    await relay.waitUntilCaughtUp(600_000);
    const relayMs = Date.now() - started;
    const offsets = await admin.fetchTopicOffsets(topic);
    const onTopic = offsets.reduce((sum, p) => sum + Number(p.high), 0);
    console.log(
      `relay published ${published} events (topic holds ${onTopic}) in ${relayMs} ms: ` +
        `${Math.round((published / relayMs) * 1000)} events/s, batch size ${batchSize}`,
    );
  } finally {
    await relay?.stop();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await dataSource.destroy().catch(() => undefined);
    await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
