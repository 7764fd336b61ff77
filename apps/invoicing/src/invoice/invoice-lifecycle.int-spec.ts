import { EventEnvelope, InvoiceDocument } from '@app/event-contracts';
import { consumeAll } from '@app/testing';
import { InvoicingTestApp, startInvoicingApp } from '../../test/invoicing-test-app';
import { recordDraftInvoices } from '../../test/draft-invoices.seed';
import {
  seedContract,
  seedReadyMilestone,
  seedScheduleEntry,
  seedTransaction,
} from '../../test/two-line-contract.seed';

describe('invoice lifecycle: confirm and cancel (real PostgreSQL and Kafka)', () => {
  let sut: InvoicingTestApp;

  beforeAll(async () => {
    sut = await startInvoicingApp();
  });

  afterAll(async () => {
    await sut?.close();
  });

  /** A draft billing two transactions, a milestone and the line's schedule entry, as a run leaves it. */
  async function aDraft(customers: 1 | 2 = 1) {
    const contract = await seedContract(sut.dataSource, customers);
    const transactions = [
      await seedTransaction(sut.dataSource, contract),
      await seedTransaction(sut.dataSource, contract),
    ];
    const milestone = await seedReadyMilestone(sut.dataSource, contract);
    await seedScheduleEntry(sut.dataSource, contract, '2024-03-02');
    const invoices = await recordDraftInvoices(sut.dataSource, sut.eventStore, {
      contract,
      transactions,
      milestones: [milestone],
    });
    return { contract, transactions, milestone, invoices, invoice: invoices[0] };
  }

  const column = async (sql: string, id: string) =>
    ((await sut.dataSource.query(sql, [id])) as Record<string, unknown>[]).map(
      (row) => Object.values(row)[0],
    );
  const billedBy = (transactionId: string) =>
    column('SELECT invoice_id FROM invoicing.transactions WHERE transaction_id = $1', transactionId);
  /** Each customer share of the transaction as `customer/invoice` (`-` when owed again), sorted. */
  const shares = (transactionId: string) =>
    column(
      `SELECT customer_id || '/' || coalesce(invoice_id::text, '-') FROM invoicing.billed_shares
       WHERE item_kind = 'Transaction' AND item_id = $1 ORDER BY 1`,
      transactionId,
    );
  const milestoneStatus = (milestoneId: string) =>
    column(
      "SELECT status || coalesce('/' || invoice_id, '') FROM invoicing.milestones WHERE milestone_id = $1",
      milestoneId,
    );

  async function published(invoice: InvoiceDocument, eventType: string) {
    await sut.relay.waitUntilCaughtUp();
    const messages = await consumeAll<EventEnvelope>(sut.service.config.kafka.topics.invoices, {
      until: (all) =>
        all.some((m) => m.value.streamId === invoice.invoiceId && m.value.eventType === eventType),
    });
    return messages.filter((m) => m.value.streamId === invoice.invoiceId);
  }

  describe('when the invoice is a draft', () => {
    it('confirms it: status Confirmed, milestones posted, InvoiceConfirmed keyed by contract after InvoiceCreated', async () => {
      const { invoice, milestone } = await aDraft();

      const response = await sut.write(`/invoices/${invoice.invoiceId}/confirm`).expect(200);

      expect(response.body).toMatchObject({ invoiceId: invoice.invoiceId, status: 'Confirmed' });
      expect(await milestoneStatus(milestone.milestoneId)).toEqual([`InvoicePosted/${invoice.invoiceId}`]);
      const messages = await published(invoice, 'InvoiceConfirmed');
      expect(messages.map((m) => [m.key, m.value.eventType, m.value.streamVersion])).toEqual([
        [invoice.contractId, 'InvoiceCreated', 1],
        [invoice.contractId, 'InvoiceConfirmed', 2],
      ]);
      const confirmed = messages[1];
      expect(confirmed.headers).toEqual({
        'event-type': 'InvoiceConfirmed',
        'event-id': confirmed.value.eventId,
        'schema-version': '1',
      });
      expect(confirmed.value.data).toEqual({
        invoiceId: invoice.invoiceId,
        invoiceNumber: invoice.invoiceNumber,
        contractId: invoice.contractId,
      });
    });

    it('cancels it: transactions unbilled, milestones ready again, the schedule entry due again', async () => {
      const { invoice, transactions, milestone, contract } = await aDraft();

      const response = await sut.write(`/invoices/${invoice.invoiceId}/cancel`).expect(200);

      expect(response.body.status).toBe('Cancelled');
      for (const t of transactions) expect(await billedBy(t.transactionId)).toEqual([null]);
      expect(await milestoneStatus(milestone.milestoneId)).toEqual(['ReadyForInvoicing']);
      expect(
        await column(
          'SELECT status FROM invoicing.schedule_entries WHERE contract_line_id = $1',
          contract.timeLineId,
        ),
      ).toEqual(['NotRun']);
      expect(await shares(transactions[0].transactionId)).toEqual([]);
      const messages = await published(invoice, 'InvoiceCancelled');
      expect(messages.map((m) => [m.key, m.value.eventType])).toEqual([
        [invoice.contractId, 'InvoiceCreated'],
        [invoice.contractId, 'InvoiceCancelled'],
      ]);
    });

    it('cancels it: an entry it covered on a line it billed nothing of is due again too', async () => {
      // The time line was due with nothing to bill (its transactions came later, or after the cut-off).
      const contract = await seedContract(sut.dataSource);
      const milestone = await seedReadyMilestone(sut.dataSource, contract);
      await seedScheduleEntry(sut.dataSource, contract, '2024-03-02');
      const [invoice] = await recordDraftInvoices(sut.dataSource, sut.eventStore, {
        contract,
        milestones: [milestone],
        coversTimeLineEntry: true,
      });
      const entryStatus = () =>
        column(
          'SELECT status FROM invoicing.schedule_entries WHERE contract_line_id = $1',
          contract.timeLineId,
        );
      expect(await entryStatus()).toEqual(['RunSuccessful']);

      await sut.write(`/invoices/${invoice.invoiceId}/cancel`).expect(200);

      expect(await entryStatus()).toEqual(['NotRun']);
      expect(await milestoneStatus(milestone.milestoneId)).toEqual(['ReadyForInvoicing']);
    });

    it('lets exactly one of a racing confirm and cancel through', async () => {
      const { invoice } = await aDraft();

      const [confirm, cancel] = await Promise.all([
        sut.write(`/invoices/${invoice.invoiceId}/confirm`),
        sut.write(`/invoices/${invoice.invoiceId}/cancel`),
      ]);

      expect([confirm.status, cancel.status].sort()).toEqual([200, 409]);
      const events = await sut.eventStore.readStream(invoice.invoiceId);
      expect(events.map((e) => e.eventType)).toHaveLength(2);
    });
  });

  describe('when the invoice is not a draft', () => {
    it.each(['confirm', 'cancel'])('refuses to %s a confirmed invoice with 409', async (command) => {
      const { invoice } = await aDraft();
      await sut.write(`/invoices/${invoice.invoiceId}/confirm`).expect(200);

      const response = await sut.write(`/invoices/${invoice.invoiceId}/${command}`).expect(409);

      expect(response.body).toMatchObject({ code: 'INVOICE_NOT_DRAFT' });
    });

    it.each(['confirm', 'cancel'])('refuses to %s a cancelled invoice with 409', async (command) => {
      const { invoice } = await aDraft();
      await sut.write(`/invoices/${invoice.invoiceId}/cancel`).expect(200);

      await sut.write(`/invoices/${invoice.invoiceId}/${command}`).expect(409);
    });
  });

  describe('when the contract splits its billing between two customers', () => {
    it("releases the cancelled customer's shares only, and the items whole with the last standing share", async () => {
      const { invoices, transactions, milestone } = await aDraft(2);
      const [first, second] = invoices;

      await sut.write(`/invoices/${first.invoiceId}/cancel`).expect(200);
      expect(await billedBy(transactions[0].transactionId)).toEqual([null]);
      expect(await milestoneStatus(milestone.milestoneId)).toEqual(['InvoiceCreated']);
      expect(await shares(transactions[0].transactionId)).toEqual(
        [`${first.customerId}/-`, `${second.customerId}/${second.invoiceId}`].sort(),
      );

      await sut.write(`/invoices/${second.invoiceId}/cancel`).expect(200);
      expect(await billedBy(transactions[0].transactionId)).toEqual([null]);
      expect(await milestoneStatus(milestone.milestoneId)).toEqual(['ReadyForInvoicing']);
      expect(await shares(transactions[0].transactionId)).toEqual([]);
    });

    it('releases the items once when both siblings are cancelled at the same moment', async () => {
      const { invoices, transactions } = await aDraft(2);

      const responses = await Promise.all(invoices.map((i) => sut.write(`/invoices/${i.invoiceId}/cancel`)));

      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      expect(await billedBy(transactions[1].transactionId)).toEqual([null]);
    });
  });
});
