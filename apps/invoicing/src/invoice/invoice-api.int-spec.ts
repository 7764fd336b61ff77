import { randomUUID } from 'node:crypto';
import { InvoiceDocument } from '@app/event-contracts';
import { InvoicingTestApp, startInvoicingApp } from '../../test/invoicing-test-app';
import { recordDraftInvoices } from '../../test/draft-invoices.seed';
import { seedContract, seedTransaction } from '../../test/two-line-contract.seed';

describe('invoice read API and request rules (real PostgreSQL and Kafka)', () => {
  let sut: InvoicingTestApp;

  beforeAll(async () => {
    sut = await startInvoicingApp();
  });

  afterAll(async () => {
    await sut?.close();
  });

  /** `count` drafts of one contract and run, created `minutesApart` apart. */
  async function draftsOfOneContract(
    count: number,
    { processRunId = randomUUID(), minutesApart = 1 } = {},
  ): Promise<InvoiceDocument[]> {
    const contract = await seedContract(sut.dataSource);
    const invoices: InvoiceDocument[] = [];
    for (let i = 0; i < count; i += 1) {
      const transaction = await seedTransaction(sut.dataSource, contract);
      const at = new Date(Date.parse('2024-03-02T06:00:00Z') + i * minutesApart * 60_000);
      const [invoice] = await recordDraftInvoices(sut.dataSource, sut.eventStore, {
        contract,
        transactions: [transaction],
        processRunId,
        invoiceRunDate: `2024-03-${String(2 + i).padStart(2, '0')}`,
        at,
      });
      invoices.push(invoice);
    }
    return invoices;
  }

  describe('GET /invoices/{id}', () => {
    it('shows the invoice document with its status, lines and what each line bills', async () => {
      const [invoice] = await draftsOfOneContract(1);

      const response = await sut.http().get(`/invoices/${invoice.invoiceId}`).expect(200);

      expect(response.body).toEqual({
        ...invoice,
        status: 'Draft',
        createdAt: '2024-03-02T06:00:00.000Z',
        updatedAt: '2024-03-02T06:00:00.000Z',
      });
    });

    it('answers 404 for an unknown invoice and 400 naming the id when it is not a UUID', async () => {
      await sut.http().get(`/invoices/${randomUUID()}`).expect(404);
      const response = await sut.http().get('/invoices/INV-000001').expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['id']);
    });
  });

  describe('GET /invoices', () => {
    async function pagedIds(contractId: string, limit: number): Promise<string[]> {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string> = { contractId, limit: String(limit) };
        if (cursor) query.cursor = cursor;
        const { body } = await sut.http().get('/invoices').query(query).expect(200);
        expect(body.items.length).toBeLessThanOrEqual(2);
        seen.push(...body.items.map((i: { invoiceId: string }) => i.invoiceId));
        cursor = body.nextCursor;
      } while (cursor);
      return seen;
    }

    it('pages through a contract oldest first without repeating or skipping an invoice', async () => {
      const invoices = await draftsOfOneContract(5);

      expect(await pagedIds(invoices[0].contractId, 2)).toEqual(invoices.map((i) => i.invoiceId));
    });

    it('pages invoices created in the same instant by id, each once', async () => {
      const invoices = await draftsOfOneContract(3, { minutesApart: 0 });

      const ids = await pagedIds(invoices[0].contractId, 1);

      expect(ids).toEqual(invoices.map((i) => i.invoiceId).sort());
    });

    it('filters by status and by process run, and lists summaries without lines', async () => {
      const processRunId = randomUUID();
      const [draft, confirmed] = await draftsOfOneContract(2, { processRunId });
      await sut.write(`/invoices/${confirmed.invoiceId}/confirm`).expect(200);

      const byRun = await sut.http().get('/invoices').query({ processRunId }).expect(200);
      const drafts = await sut.http().get('/invoices').query({ processRunId, status: 'Draft' }).expect(200);

      expect(byRun.body.items.map((i: { invoiceId: string }) => i.invoiceId)).toEqual([
        draft.invoiceId,
        confirmed.invoiceId,
      ]);
      expect(drafts.body).toEqual({
        items: [expect.objectContaining({ invoiceId: draft.invoiceId, status: 'Draft', lineCount: 2 })],
        nextCursor: null,
      });
      expect(drafts.body.items[0]).not.toHaveProperty('lines');
    });

    it('answers 400 naming every bad query parameter', async () => {
      const response = await sut
        .http()
        .get('/invoices')
        .query({
          contractId: 'c-1',
          status: 'Posted',
          processRunId: '42',
          limit: '501',
          cursor: 'abc',
          page: '2',
        })
        .expect(400);

      const fields = response.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(['contractId', 'cursor', 'limit', 'page', 'processRunId', 'status']);
    });

    it.each(['0', '-1', '1.5', 'ten'])('refuses limit=%s', async (limit) => {
      await sut.http().get('/invoices').query({ limit }).expect(400);
    });
  });

  describe('API keys', () => {
    it.each(['confirm', 'cancel', 'correct'])(
      'refuses to %s without a key (401), and reads stay open',
      async (command) => {
        const [invoice] = await draftsOfOneContract(1);

        await sut.http().post(`/invoices/${invoice.invoiceId}/${command}`).expect(401);
        await sut
          .http()
          .post(`/invoices/${invoice.invoiceId}/${command}`)
          .set('Authorization', 'Bearer wrong')
          .expect(401);

        const { body } = await sut.http().get(`/invoices/${invoice.invoiceId}`).expect(200);
        expect(body.status).toBe('Draft');
      },
    );

    it('checks the key before the id: a write with a bad id and no key is 401', async () => {
      await sut.http().post('/invoices/not-a-uuid/confirm').expect(401);
      await sut.write('/invoices/not-a-uuid/confirm').expect(400);
      await sut.write(`/invoices/${randomUUID()}/cancel`).expect(404);
    });
  });

  it('counts confirmed and cancelled invoices and relayed events in /metrics', async () => {
    const [confirmed, cancelled] = await draftsOfOneContract(2);
    await sut.write(`/invoices/${confirmed.invoiceId}/confirm`).expect(200);
    await sut.write(`/invoices/${cancelled.invoiceId}/cancel`).expect(200);
    await sut.relay.waitUntilCaughtUp();

    const { text } = await sut.http().get('/metrics').expect(200);

    expect(text).toMatch(/invoicing_invoices_confirmed_total\{service="invoicing"\} [1-9]/);
    expect(text).toMatch(/invoicing_invoices_cancelled_total\{service="invoicing"\} [1-9]/);
    expect(text).toMatch(/invoicing_outbox_events_relayed_total\{service="invoicing"\} [1-9]/);
    expect(text).toMatch(/invoicing_outbox_relay_leader\{service="invoicing"\} 1/);
  });

  it('documents the invoice endpoints in OpenAPI, writes under the bearer scheme', async () => {
    const { body } = await sut.http().get('/docs-json').expect(200);

    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/invoices',
        '/invoices/{id}',
        '/invoices/{id}/confirm',
        '/invoices/{id}/cancel',
        '/invoices/{id}/correct',
        '/schedule-entries',
        '/role-utilization',
      ]),
    );
    expect(body.paths['/invoices'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'contractId',
      'cursor',
      'limit',
      'processRunId',
      'status',
    ]);
  });
});
