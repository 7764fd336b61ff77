import { topicNames } from '@app/event-contracts';
import {
  createTestDatabase,
  PrivateKafkaBroker,
  startPrivateKafkaBroker,
  TestDatabase,
  testKafka,
  uniqueTopicPrefix,
  waitFor,
} from '@app/testing';
import { Kafka } from 'kafkajs';
import { ContractsClient, ensureServicesBuilt, HttpClient } from '../support';
import { auditBilling, invoiceIdsIn, readPublishedInvoices } from './support/billing-audit';
import { committedContractEventIds, readContractStreams } from './support/contract-stream.audit';
import { createIdleInvoiceJob, runNow, waitUntilEnded, waitUntilProjected } from './support/process-runs';
import { projectedRows, writeDueContracts } from './support/rest-contracts.seed';
import { ServiceEnvironment, ServiceProcess } from './support/service-process';

/**
 * docs/product.md 5.2 "nothing is lost while Kafka is down": the broker (a private one, so no other test
 * notices) goes away while a process run is asked for and while contracts are written through REST. Both
 * services keep accepting work into their event stores; once the broker is back every event arrives, each
 * contract's in stream order, and the loop through both services closes. The run asked for during the outage
 * cannot read where contracts.events ends, so it cannot know its input is complete: it fails
 * PROJECTION_BEHIND having billed nothing (docs/adr/0006), and the runs after the outage bill everything.
 */
describe('a Kafka outage', () => {
  const BEFORE_RUN_DATE = '2025-02-28';
  const DURING_RUN_DATE = '2025-03-31';
  const CONTRACTS_BEFORE = 100;
  const CONTRACTS_DURING = 60;
  const log = (message: string) => process.stdout.write(`[faults/broker-outage] ${message}\n`);

  const topicPrefix = uniqueTopicPrefix('faults-broker');
  const topics = topicNames(topicPrefix);
  let broker: PrivateKafkaBroker;
  let database: TestDatabase;
  let kafka: Kafka;
  let contractsService: ServiceProcess | undefined;
  let invoicing: ServiceProcess | undefined;
  let contracts: ContractsClient;

  beforeAll(async () => {
    await ensureServicesBuilt();
    broker = await startPrivateKafkaBroker();
    database = await createTestDatabase('faults_broker');
    kafka = testKafka({ brokers: broker.brokers });
    const environment: ServiceEnvironment = {
      databaseUrl: database.url,
      brokers: broker.brokers,
      topicPrefix,
      extra: { NO_COLOR: '1', KAFKA_TOPIC_PARTITIONS: '3', PROCESS_RUN_PROJECTION_WAIT_MS: '5000' },
    };
    [contractsService, invoicing] = await Promise.all([
      ServiceProcess.start('contracts', 'contracts', environment),
      ServiceProcess.start('invoicing', 'invoicing', environment),
    ]);
    // No API_KEYS: the services run open, and the key the client sends is ignored.
    contracts = new ContractsClient(new HttpClient({ baseUrl: contractsService.url, apiKey: 'unused' }));
  }, 360_000);

  afterAll(async () => {
    await Promise.all([contractsService?.stop(5_000), invoicing?.stop(5_000)]);
    await broker?.dispose();
    await database?.drop();
  }, 90_000);

  it('loses nothing written while the broker is down, and delivers each contract in order when it is back', async () => {
    const service = invoicing!;
    const began = Date.now();
    const billedBefore = await writeDueContracts(contracts, CONTRACTS_BEFORE, BEFORE_RUN_DATE);
    await waitUntilProjected(database.url, projectedRows(CONTRACTS_BEFORE), 60_000);
    const batchJobId = await createIdleInvoiceJob(service);
    log(`${CONTRACTS_BEFORE} contracts written and projected in ${Date.now() - began} ms`);

    const stopping = Date.now();
    await broker.stop();
    const outageStarted = Date.now();
    log(`broker stopped in ${outageStarted - stopping} ms`);
    const [, processRunId] = await Promise.all([
      writeDueContracts(contracts, CONTRACTS_DURING, DURING_RUN_DATE),
      runNow(service, batchJobId, BEFORE_RUN_DATE),
    ]);
    const run = await waitUntilEnded(database.url, processRunId, 60_000);
    log(
      `while the broker was down: ${CONTRACTS_DURING} contracts written, run ${run.status} after ${Date.now() - outageStarted} ms`,
    );
    expect(run).toMatchObject({ status: 'Failed', invoicesCreated: 0 });
    expect(run.error).toMatch(/^PROJECTION_BEHIND: could not read where \S*contracts\.events ends/);
    // Both relays did try, and failed: the outage was real to them, not over before they noticed.
    await waitFor(
      async () =>
        (await contractsService!.metric('contracts_outbox_publish_failures_total')) > 0 &&
        (await service.metric('invoicing_outbox_publish_failures_total')) > 0,
      { timeoutMs: 60_000, intervalMs: 250, description: 'both outbox relays to fail publishing' },
    );
    expect([contractsService!.running, service.running]).toEqual([true, true]);
    const brokerStarting = Date.now();

    await broker.start();
    const brokerBack = Date.now();
    log(`broker down for ${brokerBack - outageStarted} ms (start took ${brokerBack - brokerStarting} ms)`);

    const committed = await committedContractEventIds(database.url);
    const streams = await readContractStreams(kafka, topics.contractEvents, committed, 90_000);
    log(`contract events all on the topic ${Date.now() - brokerBack} ms after the broker was back`);
    await waitUntilProjected(database.url, projectedRows(CONTRACTS_BEFORE + CONTRACTS_DURING), 60_000);
    log(`projected ${Date.now() - brokerBack} ms after the broker was back`);
    const before = await runNow(service, batchJobId, BEFORE_RUN_DATE);
    expect(await waitUntilEnded(database.url, before, 60_000)).toMatchObject({
      status: 'Succeeded',
      invoicesCreated: CONTRACTS_BEFORE,
    });
    for (const contractId of billedBefore) {
      await contracts.contractWhen(contractId, (view) => view.lines[0].transactions.billed === 2);
    }
    log(
      `${Date.now() - brokerBack} ms after the broker was back: ${streams.records} contract event records ` +
        `(${streams.eventIds.size} distinct) delivered and projected, invoices seen by the contracts service`,
    );
    expect(streams.eventIds).toEqual(committed);
    expect(streams.contractsOutOfOrder).toEqual([]);
    expect(streams.recordsKeyedWrongly).toBe(0);

    // The contracts written during the outage reached invoicing whole: a run bills all of them.
    const afterwards = await runNow(service, batchJobId, DURING_RUN_DATE);
    expect(await waitUntilEnded(database.url, afterwards, 60_000)).toMatchObject({
      status: 'Succeeded',
      invoicesCreated: CONTRACTS_DURING,
    });
    const invoices = await invoiceIdsIn(database.url);
    const published = await readPublishedInvoices(kafka, topics.invoices, invoices, 90_000);
    log(`${published.records} InvoiceCreated records for ${published.invoiceIds.size} invoices`);
    expect(published.invoiceIds).toEqual(invoices);
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
  }, 300_000);
});
