import { ReplicaSet } from '../../test/process-run-apps';
import { ProcessRunProbe } from '../../test/process-run.probe';
import { useReplicaPerTest } from '../../test/replica-per-test';
import { aPortfolio } from '../../test/portfolio';
import { seedReadModel } from '../../test/read-model.seed';

const RUN_DATE = '2025-03-31';

describe('the invoice preview and the run list (real PostgreSQL and Kafka)', () => {
  const sut = useReplicaPerTest();

  it('previews exactly what a run creates, and writes nothing', async () => {
    await seedReadModel(sut.replica.dataSource, aPortfolio().contracts);
    const fingerprint = () =>
      sut.replica.dataSource.query(
        `SELECT (SELECT count(*) FROM invoicing.invoices) AS invoices,
           (SELECT count(*) FROM invoicing.events) AS events,
           (SELECT count(*) FROM invoicing.process_runs) AS runs,
           (SELECT last_value FROM invoicing.invoice_number_sequences) AS numbers,
           (SELECT md5(string_agg(contract_line_id || invoice_run_date || status, ',' ORDER BY 1)) FROM invoicing.schedule_entries) AS entries,
           (SELECT md5(string_agg(transaction_id || coalesce(invoice_id::text, '-'), ',' ORDER BY 1)) FROM invoicing.transactions) AS transactions,
           (SELECT md5(string_agg(milestone_id || status, ',' ORDER BY 1)) FROM invoicing.milestones) AS milestones`,
      );
    const before = await fingerprint();

    const preview = await sut.probe.http().get(`/invoice-preview?runDate=${RUN_DATE}`).expect(200);

    expect(await fingerprint()).toEqual(before);
    expect(preview.body.counts).toMatchObject({
      invoicesProposed: 5,
      contractLinesConsidered: 7,
      skippedNoSchedule: 2,
    });
    expect(preview.body.invoices[0]).not.toHaveProperty('invoiceNumber');
    expect(preview.body.invoices[0]).not.toHaveProperty('invoiceId');
    await sut.probe.runToEnd(await sut.probe.createJob(), RUN_DATE);
    const created = (await sut.probe.invoices())
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
    const response = await sut.probe.http().get('/invoice-preview?runDate=2025-02-29').expect(400);
    expect(response.body.errors[0].field).toBe('runDate');
    await sut.probe.http().get('/invoice-preview').expect(400);
  });

  it('pages through the due contracts: the pages together are exactly what a run creates and counts', async () => {
    await seedReadModel(sut.replica.dataSource, aPortfolio().contracts);
    const pages: PreviewPage[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `runDate=${RUN_DATE}&limit=1${cursor === null ? '' : `&cursor=${cursor}`}`;
      const page: PreviewPage = (await sut.probe.http().get(`/invoice-preview?${query}`).expect(200)).body;
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 20);

    const whole = (await sut.probe.http().get(`/invoice-preview?runDate=${RUN_DATE}`).expect(200))
      .body as PreviewPage;
    expect(whole.nextCursor).toBeNull();
    expect(pages.length).toBeGreaterThan(2);
    const contractsOnPages = pages.map((page) => [...new Set(page.invoices.map((i) => i.contractId))]);
    expect(contractsOnPages.every((ids) => ids.length <= 1)).toBe(true);
    expect(
      pages
        .flatMap((page) => page.invoices)
        .map(describeInvoice)
        .sort(),
    ).toEqual(whole.invoices.map(describeInvoice).sort());
    const summed = pages.reduce<Record<string, number>>((sums, page) => {
      for (const [name, value] of Object.entries(page.counts)) sums[name] = (sums[name] ?? 0) + value;
      return sums;
    }, {});
    expect(summed).toEqual(whole.counts);

    const run = await sut.probe.runToEnd(await sut.probe.createJob(), RUN_DATE);
    expect(run).toMatchObject({
      invoicesCreated: summed.invoicesProposed,
      contractLinesConsidered: summed.contractLinesConsidered,
      skippedNoSchedule: summed.skippedNoSchedule,
    });
  });

  it('refuses a page size or cursor it cannot serve, naming the parameter', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=1.5', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
    ]) {
      const response = await sut.probe
        .http()
        .get(`/invoice-preview?runDate=${RUN_DATE}&${query}`)
        .expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it("lists a job's runs newest first", async () => {
    const jobId = await sut.probe.createJob();
    const first = await sut.probe.runToEnd(jobId, RUN_DATE);
    const second = await sut.probe.runToEnd(jobId, RUN_DATE);
    const list = await sut.probe.http().get(`/process-runs?batchJobId=${jobId}`).expect(200);
    expect(list.body.map((r: { processRunId: string }) => r.processRunId)).toEqual([
      second.processRunId,
      first.processRunId,
    ]);
    await sut.probe.http().get('/process-runs?batchJobId=nope').expect(400);
  });
});

describe('a page of the invoice preview is bounded by its invoice details too', () => {
  let replicas: ReplicaSet;

  afterEach(async () => {
    await replicas?.close();
  });

  it('ends a page after the contract that reaches the detail bound and goes on from there', async () => {
    replicas = await ReplicaSet.create();
    const replica = await replicas.start({
      processRun: { schedulerEnabled: false, previewDetailsPerPage: 1 },
    });
    await seedReadModel(replica.dataSource, aPortfolio().contracts);
    const probe = new ProcessRunProbe(replica);

    const first = (await probe.http().get(`/invoice-preview?runDate=${RUN_DATE}&limit=200`).expect(200))
      .body as PreviewPage;
    expect(new Set(first.invoices.map((invoice) => invoice.contractId)).size).toBe(1);
    expect(first.nextCursor).not.toBeNull();
    const second = (
      await probe
        .http()
        .get(`/invoice-preview?runDate=${RUN_DATE}&limit=200&cursor=${first.nextCursor}`)
        .expect(200)
    ).body as PreviewPage;
    const firstContract = first.invoices[0].contractId;
    expect(second.invoices.map((invoice) => invoice.contractId)).not.toContain(firstContract);
    expect(second.invoices.length).toBeGreaterThan(0);
  });
});

interface PreviewPage {
  invoices: { contractId: string; customerId: string; totalAmount: string }[];
  parked: unknown[];
  counts: Record<string, number>;
  nextCursor: string | null;
}

function describeInvoice(invoice: PreviewPage['invoices'][number]): string {
  return `${invoice.contractId}/${invoice.customerId}/${invoice.totalAmount}`;
}
