import { EventEnvelope, topicNames } from '@app/event-contracts';
import {
  createTestDatabase,
  PrivateKafkaCluster,
  startPrivateKafkaCluster,
  TestDatabase,
  testKafka,
  uniqueTopicPrefix,
  waitFor,
} from '@app/testing';
import { ConfigResourceTypes, Kafka } from 'kafkajs';
import { Client } from 'pg';
import { ContractsClient, ensureServicesBuilt, HttpClient } from '../support';
import { auditBilling, invoiceIdsIn, readPublishedInvoices } from './support/billing-audit';
import { committedContractEventIds, readContractStreams } from './support/contract-stream.audit';
import {
  createIdleInvoiceJob,
  processRun,
  runNow,
  waitUntilEnded,
  waitUntilProjected,
} from './support/process-runs';
import { projectedRows, writeDueContracts } from './support/rest-contracts.seed';
import { ServiceEnvironment, ServiceProcess } from './support/service-process';
import { readTopicToEnd } from './support/topic-reader';

/** Every event id in the invoicing event store (its outbox). */
async function invoicingEventIds(databaseUrl: string): Promise<Set<string>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT event_id AS id FROM invoicing.events');
    return new Set(rows.map((row) => row.id));
  } finally {
    await client.end();
  }
}

/** Waits until the contracts event store holds at least `count` events. */
async function waitUntilStored(databaseUrl: string, count: number): Promise<void> {
  await waitFor(async () => (await committedContractEventIds(databaseUrl)).size >= count, {
    timeoutMs: 30_000,
    intervalMs: 20,
    description: `${count} contract events stored`,
  });
}

/**
 * Reads `topics` to their ends, again until every id in `expected` was there (a relay may still be
 * publishing); the distinct ids and the records of the last reading.
 */
async function publishedEventIds(
  kafka: Kafka,
  topics: readonly string[],
  expected: ReadonlySet<string>,
  timeoutMs: number,
): Promise<{ eventIds: Set<string>; records: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const eventIds = new Set<string>();
    let records = 0;
    for (const topic of topics) {
      const read = await readTopicToEnd<EventEnvelope>(
        kafka,
        topic,
        () => true,
        timeoutMs,
        (value) => {
          if (value === null) return;
          records += 1;
          eventIds.add(value.eventId);
        },
      );
      if (!read) throw new Error(`${topic} not read to its end within ${timeoutMs} ms`);
    }
    if ([...expected].every((id) => eventIds.has(id)) || Date.now() > deadline) return { eventIds, records };
  }
}

/** Replicas and `min.insync.replicas` of a topic, and which node leads each partition. */
async function replicationOf(kafka: Kafka, topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }],
    });
    return {
      replicas: [...new Set(topics[0].partitions.map((p) => p.replicas.length))],
      minInsyncReplicas: resources[0].configEntries[0].configValue,
      leaders: topics[0].partitions.map((p) => p.leader),
    };
  } finally {
    await admin.disconnect();
  }
}

/**
 * docs/product.md 5.2 on a cluster of three brokers: the services create their topics with replication factor
 * 3 and `min.insync.replicas` 2 and publish with `acks=all` through idempotent producers. The broker
 * that leads the partitions in use dies (SIGKILL) while a process run creates invoices and contracts
 * are written through REST; the cluster elects new leaders, the dead broker comes back, every event
 * in either event store is on its topic exactly once, nothing else is, and nothing takes effect twice.
 */
describe('a partition leader dying on a three-broker cluster', () => {
  const FIRST_RUN_DATE = '2025-02-28';
  const SECOND_RUN_DATE = '2025-03-31';
  const CONTRACTS_BEFORE = 120;
  const CONTRACTS_DURING = 40;
  const log = (message: string) => process.stdout.write(`[faults/leader-failover] ${message}\n`);

  const topicPrefix = uniqueTopicPrefix('faults-failover');
  const topics = topicNames(topicPrefix);
  let cluster: PrivateKafkaCluster;
  let database: TestDatabase;
  let kafka: Kafka;
  let contractsService: ServiceProcess | undefined;
  let invoicing: ServiceProcess | undefined;
  let contracts: ContractsClient;

  beforeAll(async () => {
    await ensureServicesBuilt();
    const started = Date.now();
    [cluster, database] = await Promise.all([
      startPrivateKafkaCluster(3),
      createTestDatabase('faults_failover'),
    ]);
    log(`three brokers at ${cluster.brokers} in ${Date.now() - started} ms`);
    kafka = testKafka({ brokers: cluster.brokers });
    const environment: ServiceEnvironment = {
      databaseUrl: database.url,
      brokers: cluster.brokers,
      topicPrefix,
      extra: { NO_COLOR: '1', KAFKA_TOPIC_PARTITIONS: '3' },
    };
    [contractsService, invoicing] = await Promise.all([
      ServiceProcess.start('contracts', 'contracts', environment),
      ServiceProcess.start('invoicing', 'invoicing', environment),
    ]);
    contracts = new ContractsClient(new HttpClient({ baseUrl: contractsService.url, apiKey: 'unused' }));
  }, 120_000);

  afterAll(async () => {
    await Promise.all([contractsService?.stop(5_000), invoicing?.stop(5_000)]);
    await cluster?.dispose();
    await database?.drop();
  }, 60_000);

  it('loses nothing and bills nothing twice when the leader dies mid-run and mid-writes', async () => {
    const service = invoicing!;
    await writeDueContracts(contracts, CONTRACTS_BEFORE, FIRST_RUN_DATE);
    await waitUntilProjected(database.url, projectedRows(CONTRACTS_BEFORE), 60_000);
    const batchJobId = await createIdleInvoiceJob(service);

    const contractEvents = await replicationOf(kafka, topics.contractEvents);
    const invoices = await replicationOf(kafka, topics.invoices);
    expect([contractEvents.replicas, contractEvents.minInsyncReplicas]).toEqual([[3], '2']);
    expect([invoices.replicas, invoices.minInsyncReplicas]).toEqual([[3], '2']);
    // The node leading most of the partitions both services write to.
    const leaders = [...contractEvents.leaders, ...invoices.leaders];
    const victim = cluster.nodes
      .map(({ nodeId }) => ({ nodeId, led: leaders.filter((leader) => leader === nodeId).length }))
      .sort((a, b) => b.led - a.led)[0];

    const committedBefore = (await committedContractEventIds(database.url)).size;
    const processRunId = await runNow(service, batchJobId, FIRST_RUN_DATE);
    const writes = writeDueContracts(contracts, CONTRACTS_DURING, SECOND_RUN_DATE);
    // As soon as the run has started and the first contract of the writes is in: the run's
    // invoices and most of the writes' events are published through the leader change.
    await waitUntilStored(database.url, committedBefore + 1);
    const killing = cluster.kill(victim.nodeId);
    const atKill = await processRun(service, processRunId);
    await killing;
    const killedAt = Date.now();
    log(
      `killed node ${victim.nodeId} (leader of ${victim.led} of ${leaders.length} partitions) ` +
        `with the run ${atKill.status} at ${atKill.progress.done}/${atKill.progress.total}`,
    );
    await writes;
    const run = await waitUntilEnded(database.url, processRunId, 60_000);
    log(`writes done and run ${run.status} ${Date.now() - killedAt} ms after the kill`);
    expect(run).toMatchObject({ status: 'Succeeded', invoicesCreated: CONTRACTS_BEFORE });

    await cluster.start(victim.nodeId);
    const failures = await Promise.all([
      contractsService!.metric('contracts_outbox_publish_failures_total'),
      service.metric('invoicing_outbox_publish_failures_total'),
    ]);
    log(
      `node ${victim.nodeId} back ${Date.now() - killedAt} ms after the kill; ` +
        `relay publish failures so far: contracts ${failures[0]}, invoicing ${failures[1]}`,
    );

    // The contracts written around the failure reached invoicing whole: a run bills all of them.
    await waitUntilProjected(database.url, projectedRows(CONTRACTS_BEFORE + CONTRACTS_DURING), 60_000);
    const second = await runNow(service, batchJobId, SECOND_RUN_DATE);
    expect(await waitUntilEnded(database.url, second, 60_000)).toMatchObject({
      status: 'Succeeded',
      invoicesCreated: CONTRACTS_DURING,
    });

    const committed = await committedContractEventIds(database.url);
    const streams = await readContractStreams(kafka, topics.contractEvents, committed, 60_000);
    const invoiceIds = await invoiceIdsIn(database.url);
    const published = await readPublishedInvoices(kafka, topics.invoices, invoiceIds, 60_000);
    const invoicingEvents = await invoicingEventIds(database.url);
    const invoicingTopics = await publishedEventIds(
      kafka,
      [topics.invoices, topics.processRuns],
      invoicingEvents,
      60_000,
    );
    log(
      `${streams.records} contract event records for ${committed.size} events, ` +
        `${invoicingTopics.records} invoicing records for ${invoicingEvents.size} events; duplicates: ` +
        `contracts ${streams.records - streams.eventIds.size}, ` +
        `invoicing ${invoicingTopics.records - invoicingTopics.eventIds.size}`,
    );

    // Nothing lost: every event of either store is on its topics, and nothing there that is not stored.
    expect(streams.eventIds).toEqual(committed);
    expect(invoicingTopics.eventIds).toEqual(invoicingEvents);
    // Nothing twice: each event id is on its topic exactly once. A relay's send that failed through
    // the leader change (its producer's retries ran out before the new leader was elected) is sent
    // again, the same records per partition, through the same idempotent producer, so the broker
    // acknowledges what the new leader already held as a duplicate (ADR 0004, "Publishing"; a fresh
    // producer put 3 or 4 of 800 records there twice in three runs of six).
    expect(streams.records).toBe(streams.eventIds.size);
    expect(invoicingTopics.records).toBe(invoicingTopics.eventIds.size);
    // Nothing twice in effect either: no invoice under two ids, each contract in stream order, and
    // the billing below exact.
    expect(streams.contractsOutOfOrder).toEqual([]);
    expect(streams.recordsKeyedWrongly).toBe(0);
    expect(published.invoiceIds).toEqual(invoiceIds);
    expect(published.invoicesWithSeveralEventIds).toBe(0);
    expect(await auditBilling(database.url)).toEqual({
      transactions: 2 * (CONTRACTS_BEFORE + CONTRACTS_DURING),
      unbilledTransactions: 0,
      transactionsNotOnExactlyOneInvoice: 0,
      marksDisagreeingWithInvoices: 0,
      invoices: CONTRACTS_BEFORE + CONTRACTS_DURING,
      standingInvoices: CONTRACTS_BEFORE + CONTRACTS_DURING,
      highestInvoiceNumber: CONTRACTS_BEFORE + CONTRACTS_DURING,
      scheduleEntriesNotRun: 0,
    });
  }, 120_000);
});
