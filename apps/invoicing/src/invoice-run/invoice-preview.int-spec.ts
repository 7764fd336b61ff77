import { useReplicaPerTest } from './testing/replica-per-test';
import { aPortfolio } from './testing/portfolio';
import { seedReadModel } from './testing/read-model.seed';

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
