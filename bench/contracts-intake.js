/* global fetch */
/**
 * Contracts intake and relay throughput, against the built service (`npm run build` first):
 *
 * 1. Intake: boots `dist/apps/contracts/main.js` on a fresh database and topic prefix, creates
 *    CONTRACTS contracts with one time-and-material line each, then posts BATCHES batches of
 *    BATCH_SIZE transactions to `POST /contracts/{id}/transactions/batch`, CONCURRENCY requests in
 *    flight, round-robin over the contracts. Prints transactions/s over the wall time of all batches
 *    and the per-request latency, then how long the relay needed to have every event on Kafka.
 * 2. Relay: stops the service, forgets the relay's checkpoint and boots it again on a new topic
 *    prefix, so its relay publishes the whole event store as a backlog. Prints events/s from the
 *    first to the last event on the topic.
 *
 *   npm run build && node bench/contracts-intake.js      # 20 batches × 1,000 on 4 contracts, 4 in flight
 *   BATCHES=100 CONTRACTS=1 CONCURRENCY=1 node bench/contracts-intake.js
 *
 * Needs DATABASE_URL and KAFKA_BROKERS (defaults: local PostgreSQL and 127.0.0.1:9092).
 */
const { spawn } = require('child_process');
const { randomBytes, randomUUID } = require('crypto');
const { createServer } = require('net');
const path = require('path');
const { Client } = require('pg');
const { Kafka, logLevel } = require('kafkajs');

const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = process.env.KAFKA_BROKERS || '127.0.0.1:9092';
const batches = Number(process.env.BATCHES || 20);
const batchSize = Number(process.env.BATCH_SIZE || 1_000);
const contractCount = Number(process.env.CONTRACTS || 4);
const concurrency = Number(process.env.CONCURRENCY || 4);
const API_KEY = 'bench-contracts-key';
const ENTRY = path.resolve(__dirname, '..', 'dist', 'apps', 'contracts', 'main.js');
const run = randomBytes(4).toString('hex');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const perSecond = (count, ms) => Math.round((count / ms) * 1000);

async function onServer(url, sql, params = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The service as deployed: its own node process, configured by environment only. */
async function startService(databaseUrl, topicPrefix) {
  const port = await freePort();
  const output = [];
  const child = spawn(process.execPath, [ENTRY], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      API_KEYS: API_KEY,
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      CONTRACTS_PORT: String(port),
    },
  });
  child.stdout.on('data', (chunk) => output.push(String(chunk)));
  child.stderr.on('data', (chunk) => output.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 200) {
    if (child.exitCode !== null || waited > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`contracts did not get ready:\n${output.join('')}`);
    }
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await sleep(200);
  }
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  return { url, stop, child };
}

async function call(url, method, body) {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify(body),
  });
  if (response.status >= 300)
    throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function aContractWithLine(baseUrl) {
  const contractId = randomUUID();
  const lineId = randomUUID();
  await call(`${baseUrl}/contracts`, 'POST', {
    contractId,
    name: 'Bench',
    customerId: randomUUID(),
    currency: 'EUR',
  });
  await call(`${baseUrl}/contracts/${contractId}/lines`, 'POST', {
    contractLineId: lineId,
    name: 'Hours',
    billingMethod: 'TimeAndMaterial',
  });
  return { contractId, lineId };
}

function aBatch(lineId, size) {
  return Array.from({ length: size }, (_, i) => ({
    contractLineId: lineId,
    transactionId: randomUUID(),
    transactionClass: i % 5 === 0 ? 'Expense' : 'Time',
    transactionDate: `2025-03-${String((i % 28) + 1).padStart(2, '0')}`,
    quantity: `${(i % 8) + 1}.25`,
    unitPrice: '95.50',
    description: 'Benchmark work',
    resourceRole: 'Consultant',
  }));
}

async function topicSize(kafka, topic) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Polls the topic's offsets until it holds `total` records; returns when the first and the last arrived. */
async function watchTopic(kafka, topic, total, since) {
  let first;
  for (;;) {
    const size = await topicSize(kafka, topic);
    const now = Date.now();
    if (size > 0 && first === undefined) first = { at: now, size };
    if (size >= total) return { firstAt: first.at, firstSize: first.size, lastAt: now };
    if (now - since > 300_000) throw new Error(`${topic}: ${size} of ${total} records after 5 minutes`);
    await sleep(50);
  }
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid) {
  try {
    const fields = require('fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function intake(service, kafka, topicPrefix, databaseUrl) {
  const contracts = [];
  for (let i = 0; i < contractCount; i += 1) contracts.push(await aContractWithLine(service.url));
  await call(`${service.url}/contracts/${contracts[0].contractId}/transactions/batch`, 'POST', {
    transactions: aBatch(contracts[0].lineId, 100),
  });
  const latencies = [];
  let next = 0;
  const cpuBefore = cpuSeconds(service.child.pid);
  const started = Date.now();
  const worker = async () => {
    while (next < batches) {
      const n = next++;
      const { contractId, lineId } = contracts[n % contracts.length];
      const sent = Date.now();
      await call(`${service.url}/contracts/${contractId}/transactions/batch`, 'POST', {
        transactions: aBatch(lineId, batchSize),
      });
      latencies.push(Date.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches) }, worker));
  const intakeMs = Date.now() - started;
  const cpuAfter = cpuSeconds(service.child.pid);
  const [{ events }] = await onServer(databaseUrl, 'SELECT count(*)::int AS events FROM contracts.events');
  const relayed = await watchTopic(kafka, `${topicPrefix}contracts.events`, events, started);
  latencies.sort((a, b) => a - b);
  const recorded = batches * batchSize;
  console.log(
    `intake: ${recorded} transactions in ${batches} batches of ${batchSize} on ${contractCount} contracts, ` +
      `${concurrency} in flight: ${intakeMs} ms = ${perSecond(recorded, intakeMs)} transactions/s ` +
      `(batch latency p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms)`,
  );
  if (cpuBefore !== null && cpuAfter !== null) {
    const cpu = cpuAfter - cpuBefore;
    console.log(
      `intake CPU of the service process: ${cpu.toFixed(1)} s = ${perSecond(recorded, cpu * 1000)} transactions ` +
        `per CPU second (load average now ${require('os').loadavg()[0].toFixed(1)} on ${require('os').cpus().length} CPUs)`,
    );
  }
  console.log(
    `relay during intake: all ${events} events on Kafka ${Math.max(0, relayed.lastAt - started - intakeMs)} ms ` +
      `after the last batch was answered (${perSecond(events, relayed.lastAt - started)} events/s end to end)`,
  );
  return events;
}

/**
 * Reads the topic from its start until it holds `total` records and returns the span of their
 * timestamps: the producer stamps each record when the relay sends it.
 */
async function producedSpan(kafka, topic, total) {
  const consumer = kafka.consumer({ groupId: `bench-${run}-${randomUUID()}`, maxWaitTimeInMs: 100 });
  let seen = 0;
  let first = Infinity;
  let last = 0;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const at = Number(message.timestamp);
          first = Math.min(first, at);
          last = Math.max(last, at);
        }
        seen += batch.messages.length;
        if (seen >= total) done();
      },
    });
    await Promise.race([
      finished,
      sleep(300_000).then(() => Promise.reject(new Error(`${topic}: ${seen} of ${total}`))),
    ]);
    return { first, last };
  } finally {
    await consumer.disconnect();
  }
}

async function relayBacklog(databaseUrl, kafka, events, prefixes) {
  await onServer(databaseUrl, 'DELETE FROM contracts.outbox_checkpoints');
  const topicPrefix = `bench-contracts-${run}-backlog.`;
  prefixes.push(topicPrefix);
  const service = await startService(databaseUrl, topicPrefix);
  try {
    const { first, last } = await producedSpan(kafka, `${topicPrefix}contracts.events`, events);
    console.log(
      `relay backlog: ${events} events republished to a fresh 6-partition topic in ${last - first} ms ` +
        `from the first send to the last: ${perSecond(events, Math.max(1, last - first))} events/s`,
    );
  } finally {
    await service.stop();
  }
}

async function main() {
  const database = `bench_contracts_${run}`;
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  const topicPrefix = `bench-contracts-${run}.`;
  const kafka = new Kafka({
    clientId: `bench-${run}`,
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const prefixes = [topicPrefix];
  await onServer(serverUrl, `CREATE DATABASE "${database}"`);
  try {
    const service = await startService(databaseUrl, topicPrefix);
    let events;
    try {
      events = await intake(service, kafka, topicPrefix, databaseUrl);
    } finally {
      await service.stop();
    }
    await relayBacklog(databaseUrl, kafka, events, prefixes);
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => prefixes.some((p) => t.startsWith(p)));
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    await onServer(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
