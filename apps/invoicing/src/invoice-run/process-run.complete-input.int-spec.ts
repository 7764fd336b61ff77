import { ContractEventEnvelope } from '@app/event-contracts';
import { aContract, contractEventEnvelopes, waitFor } from '@app/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { ContractEventsPublisher, heldEventCount, holdProjectionBack } from '../../test/projection-test-kit';
import { Replica, ReplicaSet } from '../../test/process-run-apps';
import { ProcessRunProbe } from '../../test/process-run.probe';

const RUN_DATE = '2025-03-31';

/** A T&M contract due on RUN_DATE: its schedule events, then one event per 100.00 transaction. */
function aDueContract(transactions: number) {
  const contract = aContract();
  const line = contract.timeAndMaterialLine();
  const recorded = Array.from({ length: transactions }, () =>
    line.transaction({ quantity: '1', unitPrice: '100', transactionDate: '2025-03-10' }),
  );
  const envelopes = contractEventEnvelopes([
    contract.created(),
    line.added(),
    line.scheduleSet([{ invoiceRunDate: RUN_DATE, transactionCutoffDate: RUN_DATE }]),
    ...recorded.map((t) => t.recorded()),
  ]);
  return {
    contractId: contract.contractId,
    schedule: envelopes.slice(0, 3),
    transactions: envelopes.slice(3),
  };
}

describe('a process run bills complete input (real PostgreSQL and Kafka)', () => {
  let replicas: ReplicaSet | undefined;
  let publisher: ContractEventsPublisher | undefined;

  async function start(projectionWaitMs: number): Promise<{ replica: Replica; probe: ProcessRunProbe }> {
    replicas = await ReplicaSet.create();
    const replica = await replicas.start({ processRun: { schedulerEnabled: false, projectionWaitMs } });
    publisher = new ContractEventsPublisher(replica.config.kafka.topics.contractEvents);
    await publisher.connect();
    return { replica, probe: new ProcessRunProbe(replica) };
  }

  afterEach(async () => {
    await publisher?.disconnect();
    await replicas?.close();
    [publisher, replicas] = [undefined, undefined];
  });

  async function publish(envelopes: readonly ContractEventEnvelope[]): Promise<void> {
    await publisher!.publish(envelopes);
  }

  async function projectedTransactions(replica: Replica): Promise<number> {
    const [row] = (await replica.dataSource.query(
      'SELECT count(*)::int AS count FROM invoicing.transactions',
    )) as { count: number }[];
    return row.count;
  }

  async function entryStatuses(replica: Replica): Promise<string[]> {
    const rows = (await replica.dataSource.query(
      'SELECT status FROM invoicing.schedule_entries ORDER BY contract_id',
    )) as { status: string }[];
    return rows.map((row) => row.status);
  }

  async function runStatus(replica: Replica, processRunId: string): Promise<string> {
    const [row] = (await replica.dataSource.query(
      'SELECT status FROM invoicing.process_runs WHERE process_run_id = $1',
      [processRunId],
    )) as { status: string }[];
    return row.status;
  }

  /**
   * Five contracts whose schedules and first transactions are projected, and whose three later
   * transactions each are on the topic while the projection is held back.
   */
  async function contractsPartlyProjected(replica: Replica) {
    const contracts = Array.from({ length: 5 }, () => aDueContract(4));
    await publish(contracts.flatMap((c) => [...c.schedule, c.transactions[0]]));
    await waitFor(async () => (await projectedTransactions(replica)) === 5, {
      timeoutMs: 30_000,
      description: 'the first transaction of every contract projected',
    });
    const held = await holdProjectionBack(replicas!.database.url);
    await publish(contracts.flatMap((c) => c.transactions.slice(1)));
    return { contracts, held };
  }

  it('waits for the projection to apply what was published before it started, then bills all of it', async () => {
    const { replica, probe } = await start(30_000);
    const { held } = await contractsPartlyProjected(replica);
    try {
      const jobId = await probe.createJob();
      const processRunId = await probe.runNow(jobId, RUN_DATE);

      await sleep(1_500);
      expect(await runStatus(replica, processRunId)).toBe('Running');
      expect(await probe.invoices()).toEqual([]);
      await held.release();

      const run = await probe.ended(processRunId, 30_000);
      expect(run).toMatchObject({ status: 'Succeeded', invoicesCreated: 5, contractsParked: 0, error: null });
      expect((await probe.invoices()).map((i) => i.total_amount)).toEqual(Array(5).fill('400.00'));
      expect(await entryStatuses(replica)).toEqual(Array(5).fill('RunSuccessful'));
    } finally {
      await held.release();
    }
  }, 90_000);

  it('fails PROJECTION_BEHIND, saying how far behind, with no invoice and no entry closed, when the wait elapses', async () => {
    const { replica, probe } = await start(1_500);
    const { held } = await contractsPartlyProjected(replica);
    try {
      const jobId = await probe.createJob();
      const run = await probe.ended(await probe.runNow(jobId, RUN_DATE), 30_000);

      expect(run).toMatchObject({ status: 'Failed', invoicesCreated: 0, contractsParked: 0 });
      expect(run.error).toMatch(
        /^PROJECTION_BEHIND: the projection had not applied \S*contracts\.events up to the end offsets read at the run's start within 1500 ms: \d+ partitions?, 15 records behind \(partition \d+ at \d+ of \d+/,
      );
      expect(await probe.invoices()).toEqual([]);
      expect(await entryStatuses(replica)).toEqual(Array(5).fill('NotRun'));
    } finally {
      await held.release();
    }
  }, 90_000);

  it('parks a contract the projection holds after a gap, bills the others, and bills it once the gap is filled', async () => {
    const { replica, probe } = await start(30_000);
    const complete = aDueContract(2);
    const gapped = aDueContract(3);
    const [first, missing, last] = gapped.transactions;
    await publish([...complete.schedule, ...complete.transactions, ...gapped.schedule, first, last]);
    await waitFor(
      async () =>
        (await heldEventCount(replica.dataSource)) === 1 && (await projectedTransactions(replica)) === 3,
      { timeoutMs: 30_000, description: 'the complete contract projected, the gapped one held' },
    );
    const jobId = await probe.createJob();

    const run = await probe.runToEnd(jobId, RUN_DATE);

    expect(run).toMatchObject({ status: 'Succeeded', invoicesCreated: 1, contractsParked: 1, error: null });
    expect((await probe.invoices()).map((i) => [i.contract_id, i.total_amount])).toEqual([
      [complete.contractId, '200.00'],
    ]);
    const reason = expect.stringMatching(
      /^PROJECTION_HELD: version 5 of the contract's events never reached/,
    );
    expect(
      await replica.dataSource.query('SELECT contract_id, reason FROM invoicing.parked_contracts'),
    ).toEqual([{ contract_id: gapped.contractId, reason }]);
    expect(
      await replica.dataSource.query(
        'SELECT status, failure_reason FROM invoicing.schedule_entries WHERE contract_id = $1',
        [gapped.contractId],
      ),
    ).toEqual([{ status: 'RunFailed', failure_reason: reason }]);

    await publish([missing]);
    await waitFor(async () => (await heldEventCount(replica.dataSource)) === 0, {
      timeoutMs: 30_000,
      description: 'the held events applied',
    });
    const next = await probe.runToEnd(jobId, RUN_DATE);
    expect(next).toMatchObject({ status: 'Succeeded', invoicesCreated: 1, contractsParked: 0 });
    expect((await probe.invoices()).map((i) => [i.contract_id, i.total_amount])).toEqual([
      [complete.contractId, '200.00'],
      [gapped.contractId, '300.00'],
    ]);
  }, 90_000);
});
