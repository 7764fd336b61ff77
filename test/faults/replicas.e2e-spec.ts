import { topicNames } from '@app/event-contracts';
import {
  createTestDatabase,
  deleteTopics,
  TestDatabase,
  testKafka,
  uniqueTopicPrefix,
  waitFor,
} from '@app/testing';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { ContractsClient, ensureServicesBuilt, HttpClient } from '../support';
import { auditBilling, invoiceIdsIn, readPublishedInvoices } from './support/billing-audit';
import { committedContractEventIds, readContractStreams } from './support/contract-stream.audit';
import { projectionDifferences } from './support/projection.audit';
import { waitUntilProjected } from './support/process-runs';
import { projectedRows, writeDueContracts } from './support/rest-contracts.seed';
import { ServiceEnvironment, ServiceProcess } from './support/service-process';

interface RunRow {
  readonly status: string;
  readonly started_at: Date;
  readonly ended_at: Date | null;
  readonly invoices_created: number;
}

async function runsOf(databaseUrl: string, batchJobId: string): Promise<RunRow[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<RunRow>(
      `SELECT status, started_at, ended_at, invoices_created FROM invoicing.process_runs
       WHERE batch_job_id = $1 ORDER BY started_at`,
      [batchJobId],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/**
 * docs/product.md 5.3 with real processes: three invoicing replicas and two contracts replicas on one
 * database and one set of topics. Each contract is written through both contracts replicas in turn;
 * a job running every few seconds is driven by the durable timer that all invoicing replicas poll.
 */
describe('three invoicing and two contracts replicas', () => {
  const RUN_DATE = '2025-06-30';
  const FREQUENCY_MS = 4_000;
  // A replica polls every 500 ms; a busy 2-core machine adds its share.
  const TIMER_SLACK_MS = 4_000;
  const CONTRACTS_FIRST = 40;
  const CONTRACTS_LATER = 20;
  const log = (message: string) => process.stdout.write(`[faults/replicas] ${message}\n`);

  const topicPrefix = uniqueTopicPrefix('faults-replicas');
  const topics = topicNames(topicPrefix);
  let database: TestDatabase;
  let kafka: Kafka;
  let contractsReplicas: ServiceProcess[] = [];
  let invoicingReplicas: ServiceProcess[] = [];

  beforeAll(async () => {
    await ensureServicesBuilt();
    database = await createTestDatabase('faults_replicas');
    kafka = testKafka();
    const environment: ServiceEnvironment = {
      databaseUrl: database.url,
      brokers: process.env.KAFKA_BROKERS!,
      topicPrefix,
      extra: { NO_COLOR: '1', KAFKA_TOPIC_PARTITIONS: '3' },
    };
    // All at once, as an orchestrator scales a deployment: migrations and topic creation race.
    const replicas = await Promise.all([
      ServiceProcess.start('contracts', 'contracts-1', environment),
      ServiceProcess.start('contracts', 'contracts-2', environment),
      ServiceProcess.start('invoicing', 'invoicing-1', environment),
      ServiceProcess.start('invoicing', 'invoicing-2', environment),
      ServiceProcess.start('invoicing', 'invoicing-3', environment),
    ]);
    contractsReplicas = replicas.slice(0, 2);
    invoicingReplicas = replicas.slice(2);
  }, 360_000);

  afterAll(async () => {
    await Promise.all([...contractsReplicas, ...invoicingReplicas].map((replica) => replica.stop(5_000)));
    await database?.drop();
    await deleteTopics(kafka, topicPrefix);
  }, 90_000);

  it('run the job once per timer expiry, project exactly what was written, and publish through one relay per service', async () => {
    const clients = contractsReplicas.map(
      (replica) => new ContractsClient(new HttpClient({ baseUrl: replica.url, apiKey: 'unused' })),
    );
    await writeDueContracts(clients, CONTRACTS_FIRST, RUN_DATE);
    await waitUntilProjected(database.url, projectedRows(CONTRACTS_FIRST), 60_000);

    // Runs first, then every FREQUENCY_MS after the end of the last run, whichever replica polls.
    const job = await invoicingReplicas[1].expectSend<{ batchJobId: string }>(
      'POST',
      '/batch-jobs',
      {
        name: 'Create invoices every few seconds',
        workflow: 'ProcessRunner',
        frequency: `PT${FREQUENCY_MS / 1000}S`,
      },
      201,
    );
    await waitFor(
      async () => (await runsOf(database.url, job.batchJobId)).some((r) => r.status === 'Succeeded'),
      {
        timeoutMs: 60_000,
        description: 'the first run',
      },
    );
    // Written while the job keeps running; two more runs after they are projected surely see them.
    await writeDueContracts([...clients].reverse(), CONTRACTS_LATER, RUN_DATE);
    await waitUntilProjected(database.url, projectedRows(CONTRACTS_FIRST + CONTRACTS_LATER), 60_000);
    const endedSoFar = (await runsOf(database.url, job.batchJobId)).filter((r) => r.ended_at).length;
    await waitFor(
      async () =>
        (await runsOf(database.url, job.batchJobId)).filter((r) => r.ended_at).length >= endedSoFar + 2,
      { timeoutMs: 60_000, description: 'two more runs' },
    );
    await invoicingReplicas[2].expectSend('POST', `/batch-jobs/${job.batchJobId}/deactivate`, undefined, 200);
    await waitFor(
      async () => (await runsOf(database.url, job.batchJobId)).every((r) => r.ended_at !== null),
      {
        timeoutMs: 60_000,
        description: 'no run in progress',
      },
    );

    const runs = await runsOf(database.url, job.batchJobId);
    const gaps = runs.slice(1).map((run, i) => run.started_at.getTime() - runs[i].ended_at!.getTime());
    log(
      `${runs.length} runs (${runs.map((r) => `${r.status}:${r.invoices_created}`).join(', ')}), gaps ${gaps.join(', ')} ms`,
    );
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.every((run) => run.status === 'Succeeded')).toBe(true);
    expect(runs.reduce((total, run) => total + run.invoices_created, 0)).toBe(
      CONTRACTS_FIRST + CONTRACTS_LATER,
    );
    // One run per expiry: each starts a frequency after the previous one ended, never sooner, never twice.
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(FREQUENCY_MS);
      expect(gap).toBeLessThan(FREQUENCY_MS + TIMER_SLACK_MS);
    }

    expect(await projectionDifferences(database.url)).toEqual({
      contracts: 0,
      lines: 0,
      scheduleEntries: 0,
      transactions: 0,
    });
    expect(await auditBilling(database.url)).toEqual({
      transactions: 2 * (CONTRACTS_FIRST + CONTRACTS_LATER),
      unbilledTransactions: 0,
      transactionsNotOnExactlyOneInvoice: 0,
      marksDisagreeingWithInvoices: 0,
      invoices: CONTRACTS_FIRST + CONTRACTS_LATER,
      standingInvoices: CONTRACTS_FIRST + CONTRACTS_LATER,
      highestInvoiceNumber: CONTRACTS_FIRST + CONTRACTS_LATER,
      scheduleEntriesNotRun: 0,
    });

    const committed = await committedContractEventIds(database.url);
    const streams = await readContractStreams(kafka, topics.contractEvents, committed, 60_000);
    const invoices = await invoiceIdsIn(database.url);
    const published = await readPublishedInvoices(kafka, topics.invoices, invoices, 60_000);
    const leaders = async (replicas: ServiceProcess[], service: string) =>
      Promise.all(replicas.map((replica) => replica.metric(`${service}_outbox_relay_leader`)));
    const relayed = async (replicas: ServiceProcess[], service: string) =>
      Promise.all(replicas.map((replica) => replica.metric(`${service}_outbox_events_relayed_total`)));
    const contractsRelayed = await relayed(contractsReplicas, 'contracts');
    const invoicingRelayed = await relayed(invoicingReplicas, 'invoicing');
    log(
      `events relayed per replica: contracts ${contractsRelayed.join('/')}, invoicing ${invoicingRelayed.join('/')}`,
    );

    expect(streams.eventIds).toEqual(committed);
    expect(streams.records).toBe(committed.size);
    expect(streams.contractsOutOfOrder).toEqual([]);
    expect(published.invoiceIds).toEqual(invoices);
    expect(published.records).toBe(invoices.size);
    expect((await leaders(contractsReplicas, 'contracts')).sort()).toEqual([0, 1]);
    expect((await leaders(invoicingReplicas, 'invoicing')).sort()).toEqual([0, 0, 1]);
    expect(contractsRelayed.filter((count) => count > 0)).toHaveLength(1);
    expect(invoicingRelayed.filter((count) => count > 0)).toHaveLength(1);
  }, 300_000);
});
