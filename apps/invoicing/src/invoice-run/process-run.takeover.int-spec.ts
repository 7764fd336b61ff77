import { waitFor } from '@app/testing';
import { InvoiceGroupWriter } from './invoice-group.writer';
import { ProcessRunRepository } from './process-run.repository';
import { ProcessRunSupervisor } from './process-run.supervisor';
import { Replica, ReplicaSet } from '../../test/process-run-apps';
import { ProcessRunProbe } from '../../test/process-run.probe';
import {
  SeedContract,
  aSeedContract,
  aSeedFixedPriceLine,
  aSeedMilestone,
  aSeedTimeAndMaterialLine,
  aSeedTransaction,
  seedReadModel,
} from '../../test/read-model.seed';

const RUN_DATE = '2025-03-31';
const FAST_LEASE = { leaseMs: 1500, heartbeatMs: 300, chunkSize: 3, writeBatchSize: 1 };

/**
 * Single-customer contracts, each billing two transactions (a catch-up over two entries) and a
 * milestone on one invoice: both lines' effective run date is the 31st.
 */
function billableContracts(count: number): SeedContract[] {
  return Array.from({ length: count }, () =>
    aSeedContract({
      lines: [
        aSeedTimeAndMaterialLine({
          entries: [{ invoiceRunDate: '2025-03-15' }, { invoiceRunDate: '2025-03-31' }],
          transactions: [
            aSeedTransaction({ transactionDate: '2025-03-03' }),
            aSeedTransaction({ transactionDate: '2025-03-17' }),
          ],
        }),
        aSeedFixedPriceLine({ milestones: [aSeedMilestone({ milestoneDate: '2025-03-31' })] }),
      ],
    }),
  );
}

/** Every seeded transaction and milestone is on exactly one invoice, and marked by one. */
async function expectEveryItemBilledExactlyOnce(probe: ProcessRunProbe, contracts: SeedContract[]) {
  const invoices = await probe.invoices();
  const billedOn = new Map<string, number>();
  for (const invoice of invoices) {
    const lines = invoice.document.lines as { details: { id: string }[] }[];
    for (const detail of lines.flatMap((line) => line.details)) {
      billedOn.set(detail.id, (billedOn.get(detail.id) ?? 0) + 1);
    }
  }
  const items = contracts.flatMap((c) =>
    c.lines.flatMap((l) => [
      ...l.transactions.map((t) => t.transactionId),
      ...l.milestones.map((m) => m.milestoneId),
    ]),
  );
  expect(items.filter((id) => billedOn.get(id) !== 1)).toEqual([]);
  expect(billedOn.size).toBe(items.length);
  const [{ unbilled }] = (await probe.dataSource.query(
    `SELECT (SELECT count(*) FROM invoicing.transactions WHERE invoice_id IS NULL)
          + (SELECT count(*) FROM invoicing.milestones WHERE invoice_id IS NULL) AS unbilled`,
  )) as { unbilled: string }[];
  expect(unbilled).toBe('0');
  const created = await probe.storedEvents('invoice');
  expect(created).toHaveLength(invoices.length);
  await probe.assertNumbersGapless();
}

describe('one run across replicas (real PostgreSQL and Kafka)', () => {
  let replicas: ReplicaSet;

  beforeEach(async () => {
    replicas = await ReplicaSet.create();
  });

  afterEach(async () => {
    await replicas?.close();
  });

  it('gives a due timer to one of two racing replicas: one run, no duplicate invoice', async () => {
    const first = await replicas.start({ processRun: { chunkSize: 4 } });
    await replicas.start({ processRun: { chunkSize: 4 } });
    const contracts = billableContracts(20);
    await seedReadModel(first.dataSource, contracts);
    const probe = new ProcessRunProbe(first);

    const jobId = await probe.createJob({ workflow: 'ProcessRunner', isActive: true });

    const [run] = await waitFor(async () => {
      const runs = (await probe.http().get(`/process-runs?batchJobId=${jobId}`).expect(200)).body;
      return runs.length > 0 && runs[0].status !== 'Running' ? runs : null;
    });
    expect(run).toMatchObject({
      status: 'Succeeded',
      invoicesCreated: 20,
      progress: { done: 20, total: 20 },
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await probe.http().get(`/process-runs?batchJobId=${jobId}`).expect(200)).body).toHaveLength(1);
    await expectEveryItemBilledExactlyOnce(probe, contracts);
  });

  it('lets another replica finish a run whose owner froze midway, invoicing every item exactly once', async () => {
    const frozen = await replicas.start({ processRun: { ...FAST_LEASE, schedulerEnabled: false } });
    const contracts = billableContracts(12);
    await seedReadModel(frozen.dataSource, contracts);
    const probe = new ProcessRunProbe(frozen);
    // The owner stalls in the middle of its second chunk (one of its contracts committed, its cursor
    // not yet moved), and its heartbeats stop reaching the database.
    const thaw = freezeOnContractWrite(frozen, 5);
    jest
      .spyOn(frozen.app.get(ProcessRunRepository), 'renewLease')
      .mockRejectedValue(new Error('partitioned'));
    const jobId = await probe.createJob();
    const processRunId = await probe.runNow(jobId, RUN_DATE);
    await thaw.frozen;

    const rescuer = await replicas.start({ processRun: FAST_LEASE });
    const run = await new ProcessRunProbe(rescuer).ended(processRunId);
    thaw.release();
    await waitFor(() => frozen.app.get(ProcessRunSupervisor).activeRuns === 0, {
      description: 'the frozen run to give up',
    });

    expect(run).toMatchObject({
      status: 'Succeeded',
      invoicesCreated: 12,
      progress: { done: 12, total: 12 },
    });
    await expectEveryItemBilledExactlyOnce(probe, contracts);
    const runEvents = await probe.storedEvents('process-run');
    expect(runEvents.map((e) => e.event_type)).toEqual(['ProcessRunStarted', 'ProcessRunCompleted']);
  });

  it('gives up the lease of a run that stops making progress, though its replica is alive, so another finishes it', async () => {
    // The owner's heartbeats keep reaching the database: only the lack of progress can free the run.
    const stuck = await replicas.start({
      processRun: { ...FAST_LEASE, stallMs: 2000, schedulerEnabled: false },
    });
    const contracts = billableContracts(8);
    await seedReadModel(stuck.dataSource, contracts);
    const probe = new ProcessRunProbe(stuck);
    const hang = freezeOnContractWrite(stuck, 5);
    const processRunId = await probe.runNow(await probe.createJob(), RUN_DATE);
    await hang.frozen;

    const rescuer = await replicas.start({ processRun: FAST_LEASE });
    const run = await new ProcessRunProbe(rescuer).ended(processRunId, 20_000);
    hang.release();
    await waitFor(() => stuck.app.get(ProcessRunSupervisor).activeRuns === 0, {
      description: 'the stuck run to unwind',
    });

    expect(run).toMatchObject({ status: 'Succeeded', invoicesCreated: 8, progress: { done: 8, total: 8 } });
    await expectEveryItemBilledExactlyOnce(probe, contracts);
    const metrics = (await probe.http().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/invoicing_process_runs_ended_total\{[^}]*outcome="Stalled"[^}]*\} 1/);
  });

  it('hands a run over at once on graceful shutdown, without waiting for the lease to expire', async () => {
    const leaving = await replicas.start({
      processRun: {
        leaseMs: 60_000,
        chunkSize: 2,
        writeBatchSize: 1,
        schedulerEnabled: false,
        shutdownGraceMs: 10_000,
      },
    });
    const contracts = billableContracts(10);
    await seedReadModel(leaving.dataSource, contracts);
    const probe = new ProcessRunProbe(leaving);
    const writer = leaving.app.get(InvoiceGroupWriter);
    const write = writer.writeContracts.bind(writer);
    jest.spyOn(writer, 'writeContracts').mockImplementation(async (run, batch) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return write(run, batch);
    });
    const processRunId = await probe.runNow(await probe.createJob(), RUN_DATE);
    await waitFor(async () => (await probe.invoices()).length >= 2);

    const closing = Date.now();
    await leaving.close();
    expect(Date.now() - closing).toBeLessThan(5_000);
    const taker = await replicas.start({ processRun: { leaseMs: 60_000 } });
    const takerProbe = new ProcessRunProbe(taker);
    const run = await takerProbe.ended(processRunId, 10_000);

    expect(run).toMatchObject({
      status: 'Succeeded',
      invoicesCreated: 10,
      progress: { done: 10, total: 10 },
    });
    await expectEveryItemBilledExactlyOnce(takerProbe, contracts);
  });
});

/** Makes the replica's n-th contract write hang until released; `frozen` resolves when it does. */
function freezeOnContractWrite(replica: Replica, n: number) {
  const writer = replica.app.get(InvoiceGroupWriter);
  const write = writer.writeContracts.bind(writer);
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached: () => void = () => undefined;
  const frozen = new Promise<void>((resolve) => (reached = resolve));
  let calls = 0;
  jest.spyOn(writer, 'writeContracts').mockImplementation(async (run, contracts) => {
    calls += 1;
    if (calls === n) {
      reached();
      await released;
    }
    return write(run, contracts);
  });
  return { frozen, release: () => release() };
}
