import { EventEnvelope, InvoiceCreated, InvoiceDocument } from '@app/event-contracts';
import { consumeAll, RecordingLogger } from '@app/testing';
import { InvoicingTestApp, startInvoicingApp } from '../../test/invoicing-test-app';
import { recordDraftInvoices } from '../../test/draft-invoices.seed';
import {
  seedContract,
  seedReadyMilestone,
  seedTransaction,
  seedTransactions,
} from '../../test/two-line-contract.seed';

describe('invoice lifecycle: corrective invoices (real PostgreSQL and Kafka)', () => {
  const log = new RecordingLogger();
  let sut: InvoicingTestApp;

  beforeAll(async () => {
    sut = await startInvoicingApp({}, { logger: log });
  });

  afterAll(async () => {
    await sut?.close();
  });

  async function aDraft(): Promise<InvoiceDocument> {
    const contract = await seedContract(sut.dataSource);
    const transaction = await seedTransaction(sut.dataSource, contract, {
      quantity: '2.5',
      amount: '250.00',
    });
    const milestone = await seedReadyMilestone(sut.dataSource, contract, '1000.00');
    const [invoice] = await recordDraftInvoices(sut.dataSource, sut.eventStore, {
      contract,
      transactions: [transaction],
      milestones: [milestone],
    });
    return invoice;
  }

  async function aConfirmedInvoice(): Promise<InvoiceDocument> {
    const invoice = await aDraft();
    await sut.write(`/invoices/${invoice.invoiceId}/confirm`).expect(200);
    return invoice;
  }

  /** A confirmed invoice of 8,000 transactions: far more details than one record holds. */
  async function aLargeConfirmedInvoice(): Promise<InvoiceDocument> {
    const contract = await seedContract(sut.dataSource);
    const transactions = await seedTransactions(sut.dataSource, contract, 8_000);
    const [invoice] = await recordDraftInvoices(sut.dataSource, sut.eventStore, { contract, transactions });
    await sut.write(`/invoices/${invoice.invoiceId}/confirm`).expect(200);
    return invoice;
  }

  const numberOf = (invoiceNumber: string) => Number(invoiceNumber.slice('INV-'.length));

  describe('when the invoice is confirmed', () => {
    it('answers 201 with a corrective draft that credits every amount, numbered next', async () => {
      const original = await aConfirmedInvoice();

      const response = await sut.write(`/invoices/${original.invoiceId}/correct`).expect(201);

      const corrective = response.body;
      expect(corrective).toMatchObject({
        status: 'Draft',
        correctsInvoiceId: original.invoiceId,
        contractId: original.contractId,
        customerId: original.customerId,
        processRunId: null,
        totalAmount: '-1250.00',
      });
      expect(corrective.lines.map((l: { amount: string }) => l.amount)).toEqual(['-250.00', '-1000.00']);
      expect(corrective.lines[0].details[0]).toMatchObject({ quantity: '-2.5', amount: '-250.00' });
      expect(numberOf(corrective.invoiceNumber)).toBeGreaterThan(numberOf(original.invoiceNumber));
    });

    it('publishes the corrective as InvoiceCreated keyed by the contract', async () => {
      const original = await aConfirmedInvoice();
      const { body: corrective } = await sut.write(`/invoices/${original.invoiceId}/correct`).expect(201);

      await sut.relay.waitUntilCaughtUp();
      const [message] = await consumeAll<EventEnvelope<string, InvoiceCreated>>(
        sut.service.config.kafka.topics.invoices,
        { until: (all) => all.some((m) => m.value.streamId === corrective.invoiceId) },
      ).then((all) => all.filter((m) => m.value.streamId === corrective.invoiceId));

      expect(message.key).toBe(original.contractId);
      expect(message.value.data).toMatchObject({
        invoiceNumber: corrective.invoiceNumber,
        correctsInvoiceId: original.invoiceId,
        totalAmount: '-1250.00',
      });
    });

    it('credits every detail of an invoice published in parts, and publishes the corrective in parts too', async () => {
      const original = await aLargeConfirmedInvoice();

      const { body: corrective } = await sut.write(`/invoices/${original.invoiceId}/correct`).expect(201);

      expect(corrective.totalAmount).toBe('-6400000.00');
      expect(corrective.lines[0].details).toHaveLength(8_000);
      await sut.relay.waitUntilCaughtUp();
      const records = await consumeAll<EventEnvelope<string, { partCount?: number }>>(
        sut.service.config.kafka.topics.invoices,
        { until: (all) => all.filter((m) => m.value.streamId === corrective.invoiceId).length >= 2 },
      );
      const ofCorrective = records.filter((m) => m.value.streamId === corrective.invoiceId);
      expect(ofCorrective.map((m) => m.value.eventType)).toEqual([
        'InvoiceCreated',
        ...Array(ofCorrective.length - 1).fill('InvoiceDetailsAdded'),
      ]);
      const sizes = records.map((m) => Buffer.byteLength(JSON.stringify(m.value), 'utf8'));
      expect(Math.max(...sizes)).toBeLessThanOrEqual(1_000_000);
    });

    it('refuses a second correction with 409', async () => {
      const original = await aConfirmedInvoice();
      await sut.write(`/invoices/${original.invoiceId}/correct`).expect(201);

      const response = await sut.write(`/invoices/${original.invoiceId}/correct`).expect(409);

      expect(response.body).toMatchObject({ code: 'INVOICE_ALREADY_CORRECTED' });
    });

    it('lets one of two racing corrections through and hands out no number for the other', async () => {
      const original = await aConfirmedInvoice();

      const responses = await Promise.all(
        [1, 2].map(() => sut.write(`/invoices/${original.invoiceId}/correct`)),
      );

      expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
      const winner = responses.find((r) => r.status === 201)!.body;
      const next = await sut.write(`/invoices/${(await aConfirmedInvoice()).invoiceId}/correct`).expect(201);
      expect(numberOf(next.body.invoiceNumber)).toBe(numberOf(winner.invoiceNumber) + 2);
    });

    it('keeps the unique violation of a correction that lost at the database out of the error log', async () => {
      log.clear();
      const lostAtTheDatabase = () =>
        log.at('debug').some((line) => /query failed: .*duplicate key/.test(line));
      // A loser that reads the winner's commit first is refused before it inserts: race until one does not.
      for (let round = 1; round <= 20 && !lostAtTheDatabase(); round += 1) {
        const original = await aConfirmedInvoice();
        const responses = await Promise.all(
          [1, 2].map(() => sut.write(`/invoices/${original.invoiceId}/correct`)),
        );
        expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
      }

      expect(lostAtTheDatabase()).toBe(true);
      expect(log.at('error')).toEqual([]);
    });

    it('corrects it again once the earlier corrective draft was cancelled: that one credited nothing', async () => {
      const original = await aConfirmedInvoice();
      const { body: first } = await sut.write(`/invoices/${original.invoiceId}/correct`).expect(201);
      await sut.write(`/invoices/${first.invoiceId}/cancel`).expect(200);

      const { body: second } = await sut.write(`/invoices/${original.invoiceId}/correct`).expect(201);

      expect(second.correctsInvoiceId).toBe(original.invoiceId);
    });
  });

  describe('when the invoice cannot be corrected', () => {
    it('refuses a draft with 409: only a confirmed invoice is corrected', async () => {
      const draft = await aDraft();

      const response = await sut.write(`/invoices/${draft.invoiceId}/correct`).expect(409);

      expect(response.body).toMatchObject({ code: 'INVOICE_NOT_CONFIRMED' });
    });

    it('refuses a corrective invoice with 409', async () => {
      const original = await aConfirmedInvoice();
      const { body: corrective } = await sut.write(`/invoices/${original.invoiceId}/correct`).expect(201);
      await sut.write(`/invoices/${corrective.invoiceId}/confirm`).expect(200);

      const response = await sut.write(`/invoices/${corrective.invoiceId}/correct`).expect(409);

      expect(response.body).toMatchObject({ code: 'INVOICE_IS_CORRECTIVE' });
    });
  });
});
