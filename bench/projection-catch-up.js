/**
 * Projection catch-up: publishes EVENTS contract events (per contract: ContractCreated,
 * ContractLineAdded, a 12-entry InvoiceScheduleSet, the rest TransactionRecorded) over CONTRACTS
 * contracts to a fresh PARTITIONS-partition topic with a plain kafkajs producer, then times
 *   1. a bare kafkajs consumer (eachBatch, counting only) draining the topic, and
 *   2. the contract projection draining it into a fresh database,
 * and prints events per second for both.
 *
 *   node bench/projection-catch-up.js                      # 200,000 events, 2,000 contracts
 *   EVENTS=1000000 CONTRACTS=10000 node bench/projection-catch-up.js
 *   CONCURRENCY=6 node bench/projection-catch-up.js        # partitions consumed concurrently
 *
 * Needs DATABASE_URL and KAFKA_BROKERS (defaults: local PostgreSQL and 127.0.0.1:9092).
 */
require('../libs/event-store/bench/typescript-hook');
const { randomUUID } = require('crypto');
const { Client } = require('pg');
const { Kafka, logLevel, Partitioners } = require('kafkajs');
const { openServiceDataSource } = require('../libs/platform/src');
const { INVOICING_MIGRATIONS } = require('../apps/invoicing/src/migrations');
const {
  ContractProjectionConsumer,
} = require('../apps/invoicing/src/contract-projection/contract-projection.consumer');

const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const totalEvents = Number(process.env.EVENTS || 200_000);
const contractCount = Number(process.env.CONTRACTS || 2_000);
const partitions = Number(process.env.PARTITIONS || 6);
const concurrency = Number(process.env.CONCURRENCY || 3);
const quiet = { log: () => undefined, warn: console.warn, error: console.error };
const kafka = new Kafka({ clientId: 'projection-bench', brokers, logLevel: logLevel.NOTHING });
const run = randomUUID().slice(0, 8);
const topic = `bench-${run}.contracts.events`;
const dlq = `bench-${run}.invoicing.dlq`;

async function onServer(sql) {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

function envelope(contractId, streamVersion, eventType, data) {
  return {
    key: contractId,
    value: JSON.stringify({
      eventId: randomUUID(),
      eventType,
      schemaVersion: 1,
      streamId: contractId,
      streamVersion,
      occurredAt: '2025-01-01T00:00:00.000Z',
      correlationId: null,
      causationId: null,
      data,
    }),
    headers: { 'event-type': eventType },
  };
}

/** Each contract's events in stream order; contracts interleaved, as many upstream writers would. */
function* contractEvents() {
  const perContract = Math.floor(totalEvents / contractCount);
  const contracts = Array.from({ length: contractCount }, () => ({ id: randomUUID(), line: randomUUID() }));
  const entries = Array.from({ length: 12 }, (_, m) => {
    const month = String(m + 1).padStart(2, '0');
    return { invoiceRunDate: `2025-${month}-01`, transactionCutoffDate: `2025-${month}-01` };
  });
  for (let version = 1; version <= perContract; version += 1) {
    for (const { id, line } of contracts) {
      if (version === 1)
        yield envelope(id, 1, 'ContractCreated', {
          contractId: id,
          name: 'Bench',
          customerId: 'c',
          currency: 'EUR',
        });
      else if (version === 2)
        yield envelope(id, 2, 'ContractLineAdded', {
          contractId: id,
          contractLineId: line,
          name: 'Consulting',
          billingMethod: 'TimeAndMaterial',
          includedTransactionClasses: ['Time', 'Expense', 'Material', 'Fee'],
          notToExceed: null,
        });
      else if (version === 3)
        yield envelope(id, 3, 'InvoiceScheduleSet', {
          contractId: id,
          contractLineId: line,
          frequency: null,
          entries,
        });
      else
        yield envelope(id, version, 'TransactionRecorded', {
          contractId: id,
          contractLineId: line,
          transactionId: randomUUID(),
          transactionClass: 'Time',
          transactionDate: '2025-03-10',
          quantity: '7.5',
          unitPrice: '120.00',
          amount: '900.00',
          description: 'Design work',
          resourceRole: 'Architect',
        });
    }
  }
}

async function publish() {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let batch = [];
  let sent = 0;
  for (const message of contractEvents()) {
    batch.push(message);
    if (batch.length === 5_000) {
      await producer.send({ topic, acks: -1, messages: batch });
      sent += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) await producer.send({ topic, acks: -1, messages: batch });
  await producer.disconnect();
  return sent + batch.length;
}

async function timeBareConsumer(expected) {
  const consumer = kafka.consumer({ groupId: `bench-${run}-bare`, maxBytesPerPartition: 4 * 1024 * 1024 });
  let seen = 0;
  let started;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: concurrency,
    eachBatch: async ({ batch }) => {
      started ??= Date.now();
      seen += batch.messages.length;
      if (seen >= expected) done();
    },
  });
  await finished;
  const ms = Date.now() - started;
  await consumer.disconnect();
  return ms;
}

async function timeProjection(dataSource, expected) {
  const batches = { count: 0, events: 0 };
  const metrics = {
    batchProjected: (batch) => {
      batches.count += 1;
      batches.events += batch.applied + batch.duplicates + batch.held;
    },
    deadLettered: () => undefined,
    heldEvents: () => undefined,
    generation: () => undefined,
  };
  const projection = new ContractProjectionConsumer({
    kafka,
    dataSource,
    contractEventsTopic: topic,
    deadLetterTopic: dlq,
    groupIdPrefix: `bench-${run}.projection`,
    partitionsConsumedConcurrently: concurrency,
    logger: quiet,
    metrics,
  });
  const projected = async () =>
    Number(
      (
        await dataSource.query(
          'SELECT coalesce(sum(stream_version), 0)::int AS n FROM invoicing.projected_contracts',
        )
      )[0].n,
    );
  await projection.start();
  while ((await projected()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  const started = Date.now();
  while ((await projected()) < expected) await new Promise((resolve) => setTimeout(resolve, 100));
  const ms = Date.now() - started;
  await projection.stop();
  return { ms, batches: batches.count, perBatch: Math.round(batches.events / Math.max(1, batches.count)) };
}

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic, numPartitions: partitions },
      { topic: dlq, numPartitions: 1 },
    ],
  });
  const database = `bench_projection_${run}`;
  await onServer(`CREATE DATABASE "${database}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const dataSource = await openServiceDataSource({ url: url.toString(), poolSize: 10 }, 'projection-bench', {
    schema: 'invoicing',
    migrations: INVOICING_MIGRATIONS,
  });
  try {
    let started = Date.now();
    const events = await publish();
    console.log(`published ${events} events over ${contractCount} contracts in ${Date.now() - started} ms`);
    const bareMs = await timeBareConsumer(events);
    console.log(`bare kafkajs consumer: ${bareMs} ms, ${Math.round((events / bareMs) * 1000)} events/s`);
    started = Date.now();
    const { ms: projectionMs, batches, perBatch } = await timeProjection(dataSource, events);
    const [counts] = await dataSource.query(
      'SELECT (SELECT count(*) FROM invoicing.transactions)::int AS transactions, (SELECT count(*) FROM invoicing.schedule_entries)::int AS entries',
    );
    console.log(
      `projection (concurrency ${concurrency}): ${projectionMs} ms after the first batch (${Date.now() - started} ms with group join), ` +
        `${Math.round((events / projectionMs) * 1000)} events/s in ${batches} batches of ${perBatch} events on average; ` +
        `${counts.transactions} transactions, ${counts.entries} schedule entries`,
    );
  } finally {
    await dataSource.destroy();
    await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.deleteTopics({ topics: [topic, dlq] }).catch(() => undefined);
    await admin.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
