import { consumeAll } from '@app/testing';
import { BillingInputReader } from '../contract-projection/billing-input.reader';
import { Replica, ReplicaSet } from './testing/process-run-apps';
import { ProcessRunProbe } from './testing/process-run.probe';
import {
  SeedContract,
  aSeedContract,
  aSeedFixedPriceLine,
  aSeedMilestone,
  aSeedTimeAndMaterialLine,
  aSeedTransaction,
  seedReadModel,
} from './testing/read-model.seed';

const RUN_DATE = '2025-03-31';

/** Four contracts that exercise SPEC 3: catch-up, cut-off, FP + T&M, split, nothing billable, JPY. */
function aPortfolio() {
  const billed = [
    aSeedTransaction({ transactionDate: '2025-03-01' }),
    aSeedTransaction({ transactionDate: '2025-03-20', quantity: '2', unitPrice: '150.50' }),
  ];
  const afterCutoff = aSeedTransaction({ transactionDate: '2025-03-31' });
  const caughtUp = aSeedTimeAndMaterialLine({
    entries: [
      { invoiceRunDate: '2025-03-15' },
      { invoiceRunDate: '2025-03-31' },
      { invoiceRunDate: '2025-04-15' },
    ],
    transactions: [...billed, afterCutoff],
  });
  const dueMilestone = aSeedMilestone({ milestoneDate: '2025-03-10', amount: '1000.00' });
  const fixedPrice = aSeedFixedPriceLine({
    milestones: [
      dueMilestone,
      aSeedMilestone({ milestoneDate: '2025-04-10' }),
      aSeedMilestone({ milestoneDate: '2025-03-01', status: 'NotReadyForInvoicing' }),
    ],
  });
  const mixed = aSeedContract({ lines: [caughtUp, fixedPrice, aSeedTimeAndMaterialLine()] });
  const split = aSeedContract({
    customers: [
      { customerId: 'customer-60', billingSplitPercent: '60' },
      { customerId: 'customer-40', billingSplitPercent: '40' },
    ],
    lines: [
      aSeedTimeAndMaterialLine({
        entries: [{ invoiceRunDate: '2025-03-31' }],
        transactions: [aSeedTransaction({ quantity: '10', unitPrice: '99.99' })],
      }),
    ],
  });
  const dormant = aSeedContract({
    lines: [
      aSeedTimeAndMaterialLine(),
      aSeedFixedPriceLine({ milestones: [aSeedMilestone({ milestoneDate: '2025-05-01' })] }),
    ],
  });
  const idle = aSeedContract({
    lines: [aSeedTimeAndMaterialLine({ entries: [{ invoiceRunDate: '2025-03-31' }] })],
  });
  const yen = aSeedContract({
    currency: 'JPY',
    lines: [
      aSeedTimeAndMaterialLine({
        entries: [{ invoiceRunDate: '2025-03-31' }],
        transactions: [aSeedTransaction({ quantity: '1.5', unitPrice: '1001' })],
      }),
    ],
  });
  return {
    contracts: [mixed, split, idle, yen, dormant],
    mixed,
    split,
    idle,
    yen,
    billed,
    afterCutoff,
    dueMilestone,
    caughtUp,
  };
}

describe('a process run end to end (real PostgreSQL and Kafka)', () => {
  let replicas: ReplicaSet;
  let replica: Replica;
  let probe: ProcessRunProbe;

  beforeEach(async () => {
    replicas = await ReplicaSet.create();
    replica = await replicas.start({ processRun: { schedulerEnabled: false, chunkSize: 2 } });
    probe = new ProcessRunProbe(replica);
  });

  afterEach(async () => {
    await replicas?.close();
  });

  it('turns projected contracts into draft invoices, billed marks, processed entries and events', async () => {
    const portfolio = aPortfolio();
    await seedReadModel(replica.dataSource, portfolio.contracts);
    const jobId = await probe.createJob();

    const run = await probe.runToEnd(jobId, RUN_DATE);

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
    const invoices = await probe.invoices();
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
    await probe.assertNumbersGapless();
    expect(invoices.every((i) => i.process_run_id === run.processRunId)).toBe(true);

    const created = await probe.storedEvents('invoice');
    expect(created.map((e) => e.event_type)).toEqual(Array(5).fill('InvoiceCreated'));
    for (const invoice of invoices) {
      expect(created.find((e) => e.stream_id === invoice.invoice_id)?.data).toEqual(invoice.document);
    }
    const runEvents = await probe.storedEvents('process-run');
    expect(runEvents.map((e) => [e.stream_id, e.stream_version, e.event_type])).toEqual([
      [run.processRunId, 1, 'ProcessRunStarted'],
      [run.processRunId, 2, 'ProcessRunCompleted'],
    ]);
    expect(runEvents[1].data).toMatchObject({
      invoicesCreated: 5,
      contractLinesConsidered: 7,
      batchJobId: jobId,
    });

    const billedIds = (await replica.dataSource.query(
      `SELECT transaction_id FROM invoicing.transactions WHERE contract_id = $1 AND invoice_id IS NOT NULL`,
      [portfolio.mixed.contractId],
    )) as { transaction_id: string }[];
    expect(billedIds.map((t) => t.transaction_id).sort()).toEqual(
      portfolio.billed.map((t) => t.transactionId).sort(),
    );
    const milestones = (await replica.dataSource.query(
      `SELECT milestone_id, status FROM invoicing.milestones WHERE contract_id = $1 AND invoice_id IS NOT NULL`,
      [portfolio.mixed.contractId],
    )) as { milestone_id: string; status: string }[];
    expect(milestones).toEqual([
      { milestone_id: portfolio.dueMilestone.milestoneId, status: 'InvoiceCreated' },
    ]);
    const entries = (await replica.dataSource.query(
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

    const topics = replica.config.kafka.topics;
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
    await seedReadModel(replica.dataSource, aPortfolio().contracts);
    const jobId = await probe.createJob();
    await probe.runToEnd(jobId, RUN_DATE);

    const again = await probe.runToEnd(jobId, RUN_DATE);

    // Still reported: the schedule-less lines, now of contracts with nothing due.
    expect(again).toMatchObject({
      status: 'Succeeded',
      invoicesCreated: 0,
      skippedNoSchedule: 2,
      progress: { done: 0, total: 0 },
    });
    expect(await probe.invoices()).toHaveLength(5);
  });

  it('parks a contract that cannot be invoiced, fails its entries and invoices the rest', async () => {
    const broken = aSeedContract({
      currency: 'ZZZ',
      lines: [
        aSeedTimeAndMaterialLine({
          entries: [{ invoiceRunDate: '2025-03-15' }, { invoiceRunDate: '2025-03-31' }],
          transactions: [aSeedTransaction()],
        }),
      ],
    });
    const healthy: SeedContract = aSeedContract({
      lines: [
        aSeedTimeAndMaterialLine({
          entries: [{ invoiceRunDate: '2025-03-31' }],
          transactions: [aSeedTransaction()],
        }),
      ],
    });
    await seedReadModel(replica.dataSource, [broken, healthy]);
    const jobId = await probe.createJob();

    const run = await probe.runToEnd(jobId, RUN_DATE);

    expect(run).toMatchObject({ status: 'Succeeded', invoicesCreated: 1, contractsParked: 1 });
    expect((await probe.invoices()).map((i) => i.contract_id)).toEqual([healthy.contractId]);
    const parked = (await replica.dataSource.query(
      'SELECT contract_id, reason FROM invoicing.parked_contracts WHERE process_run_id = $1',
      [run.processRunId],
    )) as { contract_id: string; reason: string }[];
    expect(parked).toEqual([
      { contract_id: broken.contractId, reason: expect.stringContaining('CURRENCY_NOT_ISO_4217') },
    ]);
    const entries = (await replica.dataSource.query(
      'SELECT status, failure_reason FROM invoicing.schedule_entries WHERE contract_id = $1',
      [broken.contractId],
    )) as { status: string; failure_reason: string }[];
    expect(entries).toEqual([
      { status: 'RunFailed', failure_reason: parked[0].reason },
      { status: 'RunFailed', failure_reason: parked[0].reason },
    ]);

    const retried = await probe.runToEnd(jobId, RUN_DATE);
    expect(retried).toMatchObject({
      status: 'Succeeded',
      invoicesCreated: 0,
      contractsParked: 1,
      progress: { total: 1 },
    });
  });

  it('retries a contract whose item was billed between reading and writing, committing the others', async () => {
    const contracts = [1, 2, 3].map(() =>
      aSeedContract({
        lines: [
          aSeedTimeAndMaterialLine({
            entries: [{ invoiceRunDate: '2025-03-31' }],
            transactions: [aSeedTransaction(), aSeedTransaction({ quantity: '1' })],
          }),
        ],
      }),
    );
    await seedReadModel(replica.dataSource, contracts);
    const stolen = contracts[1].lines[0].transactions[0].transactionId;
    const reader = replica.app.get(BillingInputReader, { strict: false });
    const load = reader.load.bind(reader);
    let first = true;
    jest.spyOn(reader, 'load').mockImplementation(async (ids, runner) => {
      const inputs = await load(ids, runner);
      if (first) {
        first = false;
        // Billed by someone else after the run read it: the run's batch write must not bill it again.
        await replica.dataSource.query(
          `UPDATE invoicing.transactions SET invoice_id = gen_random_uuid() WHERE transaction_id = $1`,
          [stolen],
        );
      }
      return inputs;
    });

    const run = await probe.runToEnd(await probe.createJob(), RUN_DATE);

    expect(run).toMatchObject({ status: 'Succeeded', invoicesCreated: 3, contractsParked: 0 });
    const invoices = await probe.invoices();
    expect(invoices.map((i) => [i.contract_id, i.total_amount]).sort()).toEqual(
      [
        [contracts[0].contractId, '900.00'],
        [contracts[1].contractId, '100.00'],
        [contracts[2].contractId, '900.00'],
      ].sort(),
    );
    await probe.assertNumbersGapless();
    expect(await probe.storedEvents('invoice')).toHaveLength(3);
  });

  it('holds back transactions above a not-to-exceed ceiling and reports them', async () => {
    const capped = aSeedContract({
      lines: [
        aSeedTimeAndMaterialLine({
          notToExceed: '1000.00',
          entries: [{ invoiceRunDate: '2025-03-31' }],
          transactions: [
            aSeedTransaction({ transactionDate: '2025-03-01' }),
            aSeedTransaction({ transactionDate: '2025-03-02' }),
          ],
        }),
      ],
    });
    await seedReadModel(replica.dataSource, [capped]);
    const run = await probe.runToEnd(await probe.createJob(), RUN_DATE);
    expect(run).toMatchObject({ invoicesCreated: 1, heldBackByNotToExceed: 1 });
    expect((await probe.invoices()).map((i) => i.total_amount)).toEqual(['800.00']);
  });

  it('previews exactly what a run creates, and writes nothing', async () => {
    await seedReadModel(replica.dataSource, aPortfolio().contracts);
    const fingerprint = () =>
      replica.dataSource.query(
        `SELECT (SELECT count(*) FROM invoicing.invoices) AS invoices,
           (SELECT count(*) FROM invoicing.events) AS events,
           (SELECT count(*) FROM invoicing.process_runs) AS runs,
           (SELECT last_value FROM invoicing.invoice_number_sequences) AS numbers,
           (SELECT md5(string_agg(contract_line_id || invoice_run_date || status, ',' ORDER BY 1)) FROM invoicing.schedule_entries) AS entries,
           (SELECT md5(string_agg(transaction_id || coalesce(invoice_id::text, '-'), ',' ORDER BY 1)) FROM invoicing.transactions) AS transactions,
           (SELECT md5(string_agg(milestone_id || status, ',' ORDER BY 1)) FROM invoicing.milestones) AS milestones`,
      );
    const before = await fingerprint();

    const preview = await probe.http().get(`/invoice-preview?runDate=${RUN_DATE}`).expect(200);

    expect(await fingerprint()).toEqual(before);
    expect(preview.body.counts).toMatchObject({
      invoicesProposed: 5,
      contractLinesConsidered: 7,
      skippedNoSchedule: 2,
    });
    expect(preview.body.invoices[0]).not.toHaveProperty('invoiceNumber');
    expect(preview.body.invoices[0]).not.toHaveProperty('invoiceId');
    await probe.runToEnd(await probe.createJob(), RUN_DATE);
    const created = (await probe.invoices())
      .map((i) => `${i.contract_id}/${i.customer_id}/${i.total_amount}`)
      .sort();
    const proposed = preview.body.invoices
      .map(
        (i: { contractId: string; customerId: string; totalAmount: string }) =>
          `${i.contractId}/${i.customerId}/${i.totalAmount}`,
      )
      .sort();
    expect(proposed).toEqual(created);
  });

  it('validates the preview run date', async () => {
    const response = await probe.http().get('/invoice-preview?runDate=2025-02-29').expect(400);
    expect(response.body.errors[0].field).toBe('runDate');
    await probe.http().get('/invoice-preview').expect(400);
  });

  it("lists a job's runs newest first", async () => {
    const jobId = await probe.createJob();
    const first = await probe.runToEnd(jobId, RUN_DATE);
    const second = await probe.runToEnd(jobId, RUN_DATE);
    const list = await probe.http().get(`/process-runs?batchJobId=${jobId}`).expect(200);
    expect(list.body.map((r: { processRunId: string }) => r.processRunId)).toEqual([
      second.processRunId,
      first.processRunId,
    ]);
    await probe.http().get('/process-runs?batchJobId=nope').expect(400);
  });
});
