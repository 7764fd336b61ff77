import { randomUUID } from 'node:crypto';
import { topicNames } from '@app/event-contracts';
import { openServiceDataSource } from '@app/platform';
import { Client } from 'pg';
import { INVOICING_MIGRATIONS } from '../../apps/invoicing/src/migrations';
import { runSetBasedInvoiceRun } from '../baselines/set-based-invoice-run';
import { RUN_DATE, seedProcessRunInputs } from '../data/process-run.seed';
import { ProcessRunSize, transactionsOf } from '../support/bench-options';
import { HttpClient } from '../support/http-client';
import { createTopics, messagesOn } from '../support/kafka-tools';
import { mebibytes, nowMs, pollUntil, timed } from '../support/measure';
import { ms, seconds } from '../support/report';
import { ScenarioContext, startService } from '../support/scenario-context';

export interface ServiceRunMeasurement {
  readonly invoices: number;
  readonly billedTransactions: number;
  /** run-now until every InvoiceCreated is on `invoicing.invoices`. */
  readonly totalMs: number;
  /** The run's own start to end, as it reports them. */
  readonly runMs: number;
  readonly rssBeforeBytes: number;
  readonly peakRssBytes: number;
  /** Resident set every 250 ms from run-now on (MiB): shows whether memory levels off. */
  readonly rssTimelineMiB: readonly number[];
  /** CPU time of the service process over the run (excludes PostgreSQL and Kafka). */
  readonly serviceCpuMs: number;
  readonly seedMs: number;
}

export interface BaselineMeasurement {
  readonly invoices: number;
  readonly billedTransactions: number;
  readonly totalMs: number;
  readonly sqlMs: number;
  readonly publishMs: number;
}

interface ProcessRunView {
  readonly status: 'Running' | 'Succeeded' | 'Failed';
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly invoicesCreated: number;
  readonly contractsParked: number;
  readonly error: string | null;
}

function sizeText(size: ProcessRunSize): string {
  const lines = size.contracts * size.linesPerContract;
  return `${size.contracts.toLocaleString('en-US')} contracts, ${lines.toLocaleString('en-US')} lines, ${transactionsOf(size).toLocaleString('en-US')} transactions`;
}

async function countBilled(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT count(*)::int AS billed FROM invoicing.transactions WHERE invoice_id IS NOT NULL',
    );
    return rows[0].billed;
  } finally {
    await client.end();
  }
}

/**
 * The real process run: the invoicing service (its own process, default tuning) on a freshly
 * seeded read model; an inactive invoice job run now for the seeded run date. Timed from run-now
 * until the run has ended and its outbox relay has published every InvoiceCreated. Peak memory is
 * the service's peak resident set during that window.
 */
export async function measureServiceRun(
  context: ScenarioContext,
  size: ProcessRunSize,
): Promise<ServiceRunMeasurement> {
  const { run, options, log } = context;
  const databaseUrl = await run.createDatabase('process_run');
  const topicPrefix = run.topicPrefix('process-run');
  const service = await startService(context, 'invoicing', { databaseUrl, topicPrefix });
  const http = new HttpClient(service.url, 4);
  let sampler: NodeJS.Timeout | undefined;
  try {
    const seeding = await timed(() => seedProcessRunInputs(databaseUrl, options.seed, size));
    log(`  seeded ${sizeText(size)} in ${ms(seeding.ms)}`);
    const job = (await http.expectOk('POST', '/batch-jobs', {
      name: 'Create invoices (benchmark)',
      workflow: 'ProcessRunCaller',
      isActive: false,
    })) as { batchJobId: string };
    const rssBeforeBytes = service.residentBytes();
    service.resetPeakMemory();
    const cpuBefore = service.cpuMs();
    const rssTimelineMiB: number[] = [];
    sampler = setInterval(() => rssTimelineMiB.push(Math.round(mebibytes(service.residentBytes()))), 250);
    const started = nowMs();
    const { processRunId } = (await http.expectOk('POST', `/batch-jobs/${job.batchJobId}/run-now`, {
      runDate: RUN_DATE,
    })) as { processRunId: string };
    const ended = await pollUntil(
      'the process run to end',
      async () => {
        const view = (await http.expectOk('GET', `/process-runs/${processRunId}`)) as ProcessRunView;
        return view.status === 'Running' ? undefined : view;
      },
      { intervalMs: 100, timeoutMs: 1_800_000 },
    );
    if (ended.status !== 'Succeeded') throw new Error(`the process run failed: ${ended.error}`);
    const invoicesTopic = topicNames(topicPrefix).invoices;
    await pollUntil(
      'every InvoiceCreated to be published',
      async () => ((await messagesOn(run.kafka, invoicesTopic)) >= ended.invoicesCreated ? true : undefined),
      { intervalMs: 100, timeoutMs: 600_000 },
    );
    const totalMs = nowMs() - started;
    clearInterval(sampler);
    const peakRssBytes = service.peakResidentBytes();
    const serviceCpuMs = service.cpuMs() - cpuBefore;
    if (ended.contractsParked > 0) log(`  warning: ${ended.contractsParked} contracts parked`);
    return {
      invoices: ended.invoicesCreated,
      billedTransactions: await countBilled(databaseUrl),
      totalMs,
      runMs: Date.parse(ended.endedAt!) - Date.parse(ended.startedAt),
      rssBeforeBytes,
      peakRssBytes,
      serviceCpuMs,
      rssTimelineMiB,
      seedMs: seeding.ms,
    };
  } finally {
    clearInterval(sampler);
    http.close();
    await service.stop();
  }
}

/** The set-based SQL and bare publish on an identically seeded database of its own. */
export async function measureBaseline(
  context: ScenarioContext,
  size: ProcessRunSize,
): Promise<BaselineMeasurement> {
  const { run, options } = context;
  const databaseUrl = await run.createDatabase('process_run_baseline');
  const dataSource = await openServiceDataSource({ url: databaseUrl, poolSize: 2 }, 'bench-baseline', {
    schema: 'invoicing',
    migrations: INVOICING_MIGRATIONS,
  });
  await dataSource.destroy();
  await seedProcessRunInputs(databaseUrl, options.seed, size);
  const topic = topicNames(run.topicPrefix('process-run-baseline')).invoices;
  await createTopics(run.kafka, [topic], 6);
  const { value, ms: totalMs } = await timed(() =>
    runSetBasedInvoiceRun(databaseUrl, run.kafka, topic, RUN_DATE, randomUUID()),
  );
  return { ...value, totalMs };
}

const measured = new WeakMap<object, Map<string, Promise<ServiceRunMeasurement>>>();

/** The scaling scenario reuses the process-run scenario's measurement when the sizes match. */
export function measureServiceRunOnce(
  context: ScenarioContext,
  size: ProcessRunSize,
): Promise<ServiceRunMeasurement> {
  const runs = measured.get(context.run) ?? new Map<string, Promise<ServiceRunMeasurement>>();
  measured.set(context.run, runs);
  const key = JSON.stringify(size);
  const existing = runs.get(key);
  if (existing) return existing;
  const measurement = measureServiceRun(context, size);
  runs.set(key, measurement);
  measurement.catch(() => runs.delete(key));
  return measurement;
}

export function describeRun(size: ProcessRunSize, service: ServiceRunMeasurement): string {
  return `${sizeText(size)}: ${service.invoices.toLocaleString('en-US')} invoices, ${service.billedTransactions.toLocaleString('en-US')} transactions billed in ${seconds(service.totalMs)}`;
}

export { sizeText };
