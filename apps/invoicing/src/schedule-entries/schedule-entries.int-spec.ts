import { randomUUID } from 'node:crypto';
import { InvoicingTestApp, startInvoicingApp } from '../../test/invoicing-test-app';
import { recordDraftInvoices } from '../../test/draft-invoices.seed';
import { seedContract, seedScheduleEntry, seedTransaction } from '../../test/two-line-contract.seed';

describe('GET /schedule-entries (real PostgreSQL)', () => {
  let sut: InvoicingTestApp;

  beforeAll(async () => {
    sut = await startInvoicingApp();
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('lists each entry of the contract with its run status, run, invoice and failure reason', async () => {
    const contract = await seedContract(sut.dataSource);
    const other = await seedContract(sut.dataSource);
    for (const date of ['2024-04-02', '2024-03-02', '2024-05-02'])
      await seedScheduleEntry(sut.dataSource, contract, date);
    await seedScheduleEntry(sut.dataSource, other, '2024-03-02');
    const processRunId = randomUUID();
    const [invoice] = await recordDraftInvoices(sut.dataSource, sut.eventStore, {
      contract,
      transactions: [await seedTransaction(sut.dataSource, contract)],
      processRunId,
      invoiceRunDate: '2024-03-02',
    });
    const failedRun = randomUUID();
    await sut.dataSource.query(
      `UPDATE invoicing.schedule_entries SET status = 'RunFailed', process_run_id = $2, failure_reason = 'no customers'
       WHERE contract_line_id = $1 AND invoice_run_date = '2024-04-02'`,
      [contract.timeLineId, failedRun],
    );

    const { body } = await sut
      .http()
      .get('/schedule-entries')
      .query({ contractId: contract.contractId })
      .expect(200);

    const entry = { contractLineId: contract.timeLineId, lineName: 'Consulting' };
    expect(body).toEqual({
      contractId: contract.contractId,
      items: [
        {
          ...entry,
          invoiceRunDate: '2024-03-02',
          transactionCutoffDate: '2024-03-01',
          status: 'RunSuccessful',
          processRunId,
          invoiceId: invoice.invoiceId,
          failureReason: null,
        },
        {
          ...entry,
          invoiceRunDate: '2024-04-02',
          transactionCutoffDate: '2024-04-01',
          status: 'RunFailed',
          processRunId: failedRun,
          invoiceId: null,
          failureReason: 'no customers',
        },
        {
          ...entry,
          invoiceRunDate: '2024-05-02',
          transactionCutoffDate: '2024-05-01',
          status: 'NotRun',
          processRunId: null,
          invoiceId: null,
          failureReason: null,
        },
      ],
    });
  });

  it('answers 404 for a contract invoicing does not know', async () => {
    const response = await sut
      .http()
      .get('/schedule-entries')
      .query({ contractId: randomUUID() })
      .expect(404);
    expect(response.body.code).toBe('SCHEDULE_CONTRACT_NOT_FOUND');
  });

  it('answers 400 naming contractId when it is missing or not a UUID', async () => {
    for (const query of [{}, { contractId: 'c-1' }]) {
      const response = await sut.http().get('/schedule-entries').query(query).expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['contractId']);
    }
  });
});
