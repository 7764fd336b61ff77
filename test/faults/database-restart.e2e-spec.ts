import { topicNames } from '@app/event-contracts';
import { deleteTopics, testKafka, uniqueTopicPrefix, waitFor } from '@app/testing';
import { Kafka } from 'kafkajs';
import { ensureServicesBuilt } from '../support';
import { auditBilling, invoiceIdsIn, readPublishedInvoices } from './support/billing-audit';
import { publishDueContracts } from './support/contract-events.seed';
import { PrivatePostgres, startPrivatePostgres } from './support/private-postgres';
import {
  createIdleInvoiceJob,
  processRun,
  runNow,
  waitUntilEnded,
  waitUntilPartlyDone,
  waitUntilProjected,
} from './support/process-runs';
import { ServiceProcess } from './support/service-process';

/**
 * docs/product.md 5.2: PostgreSQL crashes and comes back in the middle of a process run. The run either
 * resumes or fails cleanly; whatever it left undone, the next attempt finishes, and no transaction
 * is billed twice. The server is a private one, so the shared database of other tests is untouched.
 */
describe('a process run while PostgreSQL restarts', () => {
  const RUN_DATE = '2025-05-31';
  const CONTRACTS = 2_000;
  const LEASE_MS = 5_000;
  const log = (message: string) => process.stdout.write(`[faults/database-restart] ${message}\n`);

  const topicPrefix = uniqueTopicPrefix('faults-database');
  const topics = topicNames(topicPrefix);
  let postgres: PrivatePostgres;
  let databaseUrl: string;
  let kafka: Kafka;
  let invoicing: ServiceProcess | undefined;

  beforeAll(async () => {
    await ensureServicesBuilt();
    postgres = await startPrivatePostgres();
    databaseUrl = await postgres.createDatabase('invoicing');
    kafka = testKafka();
    invoicing = await ServiceProcess.start('invoicing', 'invoicing', {
      databaseUrl,
      brokers: process.env.KAFKA_BROKERS!,
      topicPrefix,
      // A replica that stops renewing loses its run after 5 s instead of the default 15 s.
      extra: { NO_COLOR: '1', PROCESS_RUN_LEASE_MS: String(LEASE_MS) },
    });
  }, 360_000);

  afterAll(async () => {
    await invoicing?.stop(5_000);
    await postgres?.dispose();
    await deleteTopics(kafka, topicPrefix);
  }, 60_000);

  it('a run that loses its database midway ends cleanly, and the next attempt bills everything exactly once', async () => {
    const service = invoicing!;
    const batchJobId = await createIdleInvoiceJob(service);
    const seeded = await publishDueContracts(kafka, topics.contractEvents, {
      contracts: CONTRACTS,
      runDate: RUN_DATE,
    });
    await waitUntilProjected(databaseUrl, { transactions: seeded.transactions }, 120_000);

    const faulted = await runNow(service, batchJobId, RUN_DATE);
    const atCrash = await waitUntilPartlyDone(service, faulted);
    await postgres.crash();
    const crashedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await postgres.start();
    log(
      `crashed PostgreSQL at ${atCrash.progress.done}/${atCrash.progress.total}, up again after ${Date.now() - crashedAt} ms`,
    );

    await waitFor(async () => (await fetch(`${service.url}/health/ready`)).status === 200, {
      timeoutMs: 60_000,
      description: 'invoicing ready again',
    });
    const first = await waitUntilEnded(databaseUrl, faulted, 90_000);
    const firstView = await processRun(service, faulted);
    log(
      `the faulted run ended ${first.status} (${firstView.contractsParked} parked, error ${firstView.error}) ${Date.now() - crashedAt} ms after the crash`,
    );
    expect(service.running).toBe(true);

    const next = await runNow(service, batchJobId, RUN_DATE);
    const second = await waitUntilEnded(databaseUrl, next, 90_000);
    const secondView = await processRun(service, next);
    log(`the next attempt ended ${second.status}, ${secondView.invoicesCreated} invoices`);

    expect(secondView).toMatchObject({ status: 'Succeeded', contractsParked: 0 });
    expect(await auditBilling(databaseUrl)).toEqual({
      transactions: seeded.transactions,
      unbilledTransactions: 0,
      transactionsNotOnExactlyOneInvoice: 0,
      marksDisagreeingWithInvoices: 0,
      invoices: CONTRACTS,
      standingInvoices: CONTRACTS,
      highestInvoiceNumber: CONTRACTS,
      scheduleEntriesNotRun: 0,
    });
    const inDatabase = await invoiceIdsIn(databaseUrl);
    const published = await readPublishedInvoices(kafka, topics.invoices, inDatabase, 90_000);
    log(`${published.records} InvoiceCreated records for ${published.invoiceIds.size} invoices`);
    expect(published.invoiceIds).toEqual(inDatabase);
    expect(published.invoicesWithSeveralEventIds).toBe(0);
  }, 300_000);
});
