import { consumeAll, waitFor } from '@app/testing';
import { BillingInputReader } from './billing-input.reader';
import { useReplicaPerTest } from '../../test/replica-per-test';
import { aPortfolio } from '../../test/portfolio';
import { seedReadModel } from '../../test/read-model.seed';

const RUN_DATE = '2025-03-31';

describe('a process run end to end (real PostgreSQL and Kafka)', () => {
  const sut = useReplicaPerTest();

  it('turns projected contracts into draft invoices, billed marks, processed entries and events', async () => {
    const portfolio = aPortfolio();
    await seedReadModel(sut.replica.dataSource, portfolio.contracts);
    const jobId = await sut.probe.createJob();

    const run = await sut.probe.runToEnd(jobId, RUN_DATE);

    expect(run).toEqual({
      processRunId: expect.any(String),
      batchJobId: jobId,
      workflow: 'ProcessRunCaller',
      runDate: RUN_DATE,
      startedAt: expect.any(String),
      endedAt: expect.any(String),
      status: 'Succeeded',
      contractLinesConsidered: 7,
      invoicesCreated: 5,
      skippedNoTransactions: 1,
      skippedNoSchedule: 2,
      heldBackByNotToExceed: 0,
      contractsParked: 0,
      progress: { done: 4, total: 4 },
      error: null,
    });
    const invoices = await sut.probe.invoices();
    const totals = (contractId: string) =>
      invoices.filter((i) => i.contract_id === contractId).map((i) => [i.invoice_run_date, i.total_amount]);
    expect(totals(portfolio.mixed.contractId).sort()).toEqual([
      ['2025-03-10', '1000.00'],
      ['2025-03-31', '1101.00'],
    ]);
    expect(totals(portfolio.split.contractId)).toEqual([
      ['2025-03-31', '599.94'],
      ['2025-03-31', '399.96'],
    ]);
    expect(totals(portfolio.yen.contractId)).toEqual([['2025-03-31', '1502']]);
    expect(totals(portfolio.idle.contractId)).toEqual([]);
    await sut.probe.assertNumbersGapless();
    expect(invoices.every((i) => i.process_run_id === run.processRunId)).toBe(true);

    const created = await sut.probe.storedEvents('invoice');
    expect(created.map((e) => e.event_type)).toEqual(Array(5).fill('InvoiceCreated'));
    for (const invoice of invoices) {
      expect(created.find((e) => e.stream_id === invoice.invoice_id)?.data).toEqual({
        ...invoice.document,
        detailParts: 0,
      });
    }
    const runEvents = await sut.probe.storedEvents('process-run');
    expect(runEvents.map((e) => [e.stream_id, e.stream_version, e.event_type])).toEqual([
      [run.processRunId, 1, 'ProcessRunStarted'],
      [run.processRunId, 2, 'ProcessRunCompleted'],
    ]);
    expect(runEvents[1].data).toMatchObject({
      invoicesCreated: 5,
      contractLinesConsidered: 7,
      batchJobId: jobId,
    });

    const billedIds = (await sut.replica.dataSource.query(
      `SELECT transaction_id FROM invoicing.transactions WHERE contract_id = $1 AND invoice_id IS NOT NULL`,
      [portfolio.mixed.contractId],
    )) as { transaction_id: string }[];
    expect(billedIds.map((t) => t.transaction_id).sort()).toEqual(
      portfolio.billed.map((t) => t.transactionId).sort(),
    );
    const milestones = (await sut.replica.dataSource.query(
      `SELECT milestone_id, status FROM invoicing.milestones WHERE contract_id = $1 AND invoice_id IS NOT NULL`,
      [portfolio.mixed.contractId],
    )) as { milestone_id: string; status: string }[];
    expect(milestones).toEqual([
      { milestone_id: portfolio.dueMilestone.milestoneId, status: 'InvoiceCreated' },
    ]);
    const entries = (await sut.replica.dataSource.query(
      `SELECT to_char(invoice_run_date, 'YYYY-MM-DD') AS date, status, process_run_id, invoice_id IS NOT NULL AS invoiced
       FROM invoicing.schedule_entries WHERE contract_id = ANY($1::text[]) ORDER BY contract_id = $2 DESC, invoice_run_date`,
      [[portfolio.mixed.contractId, portfolio.idle.contractId], portfolio.mixed.contractId],
    )) as { date: string; status: string; process_run_id: string | null; invoiced: boolean }[];
    expect(entries).toEqual([
      { date: '2025-03-15', status: 'RunSuccessful', process_run_id: run.processRunId, invoiced: true },
      { date: '2025-03-31', status: 'RunSuccessful', process_run_id: run.processRunId, invoiced: true },
      { date: '2025-04-15', status: 'NotRun', process_run_id: null, invoiced: false },
      { date: '2025-03-31', status: 'RunSuccessful', process_run_id: run.processRunId, invoiced: false },
    ]);

    const topics = sut.replica.config.kafka.topics;
    const onTopic = await consumeAll<{ eventType: string; data: { invoiceNumber: string } }>(
      topics.invoices,
      {
        count: 5,
      },
    );
    expect(onTopic.map((m) => m.value.data.invoiceNumber).sort()).toEqual(
      invoices.map((i) => i.invoice_number),
    );
    expect(onTopic.every((m) => invoices.some((i) => i.contract_id === m.key))).toBe(true);
    const runMessages = await consumeAll<{ eventType: string }>(topics.processRuns, { count: 2 });
    expect(runMessages.map((m) => [m.key, m.value.eventType])).toEqual([
      [jobId, 'ProcessRunStarted'],
      [jobId, 'ProcessRunCompleted'],
    ]);
  });

  it('bills nothing twice: a second run on the same date creates no invoice', async () => {
    await seedReadModel(sut.replica.dataSource, aPortfolio().contracts);
    const jobId = await sut.probe.createJob();
    await sut.probe.runToEnd(jobId, RUN_DATE);

    const again = await sut.probe.runToEnd(jobId, RUN_DATE);

    // Still reported: the schedule-less lines, now of contracts with nothing due.
    expect(again).toMatchObject({
      status: 'Succeeded',
      invoicesCreated: 0,
      skippedNoSchedule: 2,
      progress: { done: 0, total: 0 },
    });
    expect(await sut.probe.invoices()).toHaveLength(5);
    // Counted when the execution returns, a moment after its ending commits.
    await waitFor(async () => {
      const metrics = await sut.probe.http().get('/metrics').expect(200);
      const line = metrics.text
        .split('\n')
        .find((l) => /^invoicing_process_runs_ended_total\{.*outcome="Succeeded"/.test(l));
      expect(line).toMatch(/ 2$/);
      return true;
    });
  });

  it('records a run that fails as Failed with its error, publishes ProcessRunFailed and still sets the timer', async () => {
    const reader = sut.replica.app.get(BillingInputReader, { strict: false });
    jest.spyOn(reader, 'dueContractIds').mockRejectedValueOnce(new Error('read model unavailable'));
    const jobId = await sut.probe.createJob({ isActive: true });

    const run = await sut.probe.runToEnd(jobId, RUN_DATE);

    expect(run).toMatchObject({
      status: 'Failed',
      error: 'read model unavailable',
      endedAt: expect.any(String),
    });
    const runEvents = await sut.probe.storedEvents('process-run');
    expect(runEvents.map((e) => e.event_type)).toEqual(['ProcessRunStarted', 'ProcessRunFailed']);
    expect(runEvents[1].data).toMatchObject({ error: 'read model unavailable', batchJobId: jobId });
    const job = (await sut.probe.http().get(`/batch-jobs/${jobId}`).expect(200)).body;
    expect(job.state.phase).toBe('Sleeping');
    expect(Date.parse(job.state.nextRunAt) - Date.parse(run.endedAt as string)).toBe(86_400_000);
  });
});
