import {
  createTestDatabase,
  deleteTopics,
  TestDatabase,
  testKafka,
  uniqueTopicPrefix,
  waitFor,
} from '@app/testing';
import { topicNames } from '@app/event-contracts';
import { Kafka } from 'kafkajs';
import { auditBilling, invoiceIdsIn, readPublishedInvoices } from './support/billing-audit';
import { publishDueContracts } from './support/contract-events.seed';
import {
  createIdleInvoiceJob,
  LeaseChange,
  processRun,
  runNow,
  waitUntilEnded,
  watchLeaseOwners,
  waitUntilPartlyDone,
  waitUntilProjected,
} from './support/process-runs';
import { ensureServicesBuilt } from '../support';
import { projectionGroupMembers } from './support/kafka-admin';
import { Exit, ServiceEnvironment, ServiceProcess } from './support/service-process';

/**
 * docs/product.md 5.2 and 5.3 with real processes: an invoicing instance killed with SIGKILL in the middle of
 * a process run of 5,000 invoices, and one stopped with SIGTERM in the middle of another. Nothing is lost and
 * nothing is billed twice; the run is finished by the instance that comes after.
 */
describe('a process run whose invoicing instance dies', () => {
  const CRASH_RUN_DATE = '2025-03-31';
  const SHUTDOWN_RUN_DATE = '2025-04-30';
  const CRASH_CONTRACTS = 5_000;
  const SHUTDOWN_CONTRACTS = 1_500;
  const LEASE_MS = 5_000;
  const log = (message: string) => process.stdout.write(`[faults/process-run-crash] ${message}\n`);

  let database: TestDatabase;
  let kafka: Kafka;
  let environment: ServiceEnvironment;
  const topicPrefix = uniqueTopicPrefix('faults-crash');
  const topics = topicNames(topicPrefix);
  const instances: ServiceProcess[] = [];
  let batchJobId: string;

  const startInvoicing = async (name: string) => {
    const instance = await ServiceProcess.start('invoicing', name, environment);
    instances.push(instance);
    return instance;
  };

  beforeAll(async () => {
    await ensureServicesBuilt();
    database = await createTestDatabase('faults_crash');
    kafka = testKafka();
    environment = {
      databaseUrl: database.url,
      brokers: process.env.KAFKA_BROKERS!,
      topicPrefix,
      // A replica that stops renewing loses its run after 5 s instead of the default 15 s.
      extra: { NO_COLOR: '1', PROCESS_RUN_LEASE_MS: String(LEASE_MS) },
    };
  }, 360_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop(5_000)));
    await database?.drop();
    await deleteTopics(kafka, topicPrefix);
  }, 60_000);

  it('a run killed with SIGKILL is taken over after its lease expires and bills every transaction exactly once', async () => {
    const began = Date.now();
    const first = await startInvoicing('invoicing-1');
    batchJobId = await createIdleInvoiceJob(first);
    const seeded = await publishDueContracts(kafka, topics.contractEvents, {
      contracts: CRASH_CONTRACTS,
      runDate: CRASH_RUN_DATE,
    });
    await waitUntilProjected(database.url, { transactions: seeded.transactions }, 120_000);
    log(`${seeded.events} contract events published and projected in ${Date.now() - began} ms`);

    const processRunId = await runNow(first, batchJobId, CRASH_RUN_DATE);
    const runStarted = Date.now();
    const atKill = await waitUntilPartlyDone(first, processRunId);
    const leases = await watchLeaseOwners(database.url, processRunId);
    let owners: LeaseChange[];
    let second: ServiceProcess;
    let ended: Awaited<ReturnType<typeof waitUntilEnded>>;
    const killedAt = Date.now();
    try {
      first.signal('SIGKILL');
      await first.exited(10_000);
      second = await startInvoicing('invoicing-2');
      ended = await waitUntilEnded(database.url, processRunId, 120_000);
    } finally {
      owners = await leases.stop();
    }
    log(
      `killed invoicing-1 at ${atKill.progress.done}/${atKill.progress.total}, ${killedAt - runStarted} ms into ` +
        `the run; it ended ${ended.status} ${Date.now() - killedAt} ms later; lease holders: ` +
        owners.map((o) => o.owner ?? 'none').join(' -> '),
    );

    // Nobody touched the run before the dead owner's lease ran out; then invoicing-2 took it.
    const dead = owners.filter((o) => o.owner?.includes(`:${first.pid}:`));
    const successor = owners.find((o) => o.owner?.includes(`:${second.pid}:`));
    expect(dead.length).toBeGreaterThan(0);
    expect(successor).toBeDefined();
    expect(successor!.at.getTime()).toBeGreaterThanOrEqual(dead[dead.length - 1].expiresAt!.getTime());
    expect(ended.status).toBe('Succeeded');
    expect(await processRun(second, processRunId)).toMatchObject({
      status: 'Succeeded',
      progress: { done: CRASH_CONTRACTS, total: CRASH_CONTRACTS },
    });
    expect(await auditBilling(database.url)).toEqual({
      transactions: seeded.transactions,
      unbilledTransactions: 0,
      transactionsNotOnExactlyOneInvoice: 0,
      marksDisagreeingWithInvoices: 0,
      invoices: CRASH_CONTRACTS,
      standingInvoices: CRASH_CONTRACTS,
      highestInvoiceNumber: CRASH_CONTRACTS,
      scheduleEntriesNotRun: 0,
    });
    const inDatabase = await invoiceIdsIn(database.url);
    const published = await readPublishedInvoices(kafka, topics.invoices, inDatabase, 90_000);
    log(`${published.records} InvoiceCreated records for ${published.invoiceIds.size} invoices`);
    expect(published.invoiceIds).toEqual(inDatabase);
    expect(published.invoicesWithSeveralEventIds).toBe(0);
  }, 300_000);

  it('an instance stopped with SIGTERM hands its run back, leaves the consumer group and exits within 30 s; another finishes the run', async () => {
    const [owner] = instances.filter((instance) => instance.running);
    const other = await startInvoicing('invoicing-3');
    const transactionsBefore = (await auditBilling(database.url)).transactions;
    const seeded = await publishDueContracts(kafka, topics.contractEvents, {
      contracts: SHUTDOWN_CONTRACTS,
      runDate: SHUTDOWN_RUN_DATE,
    });
    await waitUntilProjected(
      database.url,
      { transactions: transactionsBefore + seeded.transactions },
      120_000,
    );

    const processRunId = await runNow(owner, batchJobId, SHUTDOWN_RUN_DATE);
    const atSignal = await waitUntilPartlyDone(owner, processRunId);
    const leases = await watchLeaseOwners(database.url, processRunId);
    let owners: LeaseChange[];
    let exit: Exit;
    let exitedAfterMs: number;
    let ended: Awaited<ReturnType<typeof waitUntilEnded>>;
    try {
      owner.signal('SIGTERM');
      const signalledAt = Date.now();
      exit = await owner.exited(35_000);
      exitedAfterMs = Date.now() - signalledAt;
      // It left the projection's consumer group: one that merely vanished would stay a member for
      // the whole session timeout (30 s).
      await waitFor(async () => (await projectionGroupMembers(kafka, other)) === 1, {
        timeoutMs: 5_000,
        description: 'the stopped instance gone from the consumer group',
      });
      ended = await waitUntilEnded(database.url, processRunId, 120_000);
    } finally {
      owners = await leases.stop();
    }
    log(
      `SIGTERM at ${atSignal.progress.done}/${atSignal.progress.total}; exited ${JSON.stringify(exit)} ` +
        `after ${exitedAfterMs} ms; lease holders: ${owners.map((o) => o.owner ?? 'none').join(' -> ')}`,
    );

    // Nest closes the app and then re-raises the signal; the 30 s deadline would exit with code 1.
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
    expect(exitedAfterMs).toBeLessThan(30_000);
    expect(owner.said(/stopped for shutdown, lease released/)).toBe(true);
    expect(ended.status).toBe('Succeeded');
    // Handed back, not abandoned: the other instance had it before the stopped one's lease expired.
    const held = owners.filter((o) => o.owner?.includes(`:${owner.pid}:`));
    const takenOver = owners.find((o) => o.owner?.includes(`:${other.pid}:`));
    expect(held.length).toBeGreaterThan(0);
    expect(takenOver).toBeDefined();
    expect(takenOver!.at.getTime()).toBeLessThan(held[held.length - 1].expiresAt!.getTime());
    expect(await auditBilling(database.url)).toEqual({
      transactions: transactionsBefore + seeded.transactions,
      unbilledTransactions: 0,
      transactionsNotOnExactlyOneInvoice: 0,
      marksDisagreeingWithInvoices: 0,
      invoices: CRASH_CONTRACTS + SHUTDOWN_CONTRACTS,
      standingInvoices: CRASH_CONTRACTS + SHUTDOWN_CONTRACTS,
      highestInvoiceNumber: CRASH_CONTRACTS + SHUTDOWN_CONTRACTS,
      scheduleEntriesNotRun: 0,
    });
    const inDatabase = await invoiceIdsIn(database.url);
    const published = await readPublishedInvoices(kafka, topics.invoices, inDatabase, 90_000);
    expect(published.invoiceIds).toEqual(inDatabase);
    expect(published.invoicesWithSeveralEventIds).toBe(0);
  }, 240_000);
});
