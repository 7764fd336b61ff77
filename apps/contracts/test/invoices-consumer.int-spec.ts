import { randomUUID } from 'node:crypto';
import { consumeAll, PublishedValue, ServiceApp, TopicPublisher, waitFor } from '@app/testing';
import { DataSource as ContractsDataSource } from 'typeorm';
import {
  aContractWithLines,
  aMilestone,
  api,
  aTransaction,
  ContractWithLines,
  startContractsApp,
} from './contracts-test-app';
import { anInvoiceCreated, anInvoiceEnvelope, invoiceRecordEnvelopes } from './invoice-events.builders';

interface Billed {
  contract: ContractWithLines;
  transactionIds: string[];
  milestoneId: string;
}

describe('contract view kept current from invoicing.invoices (real PostgreSQL and Kafka)', () => {
  let sut: ServiceApp;
  let invoicing: TopicPublisher;

  beforeAll(async () => {
    sut = await startContractsApp();
    invoicing = new TopicPublisher(sut.config.kafka.topics.invoices);
    await invoicing.connect();
  });

  afterAll(async () => {
    await invoicing?.disconnect();
    await sut?.close();
  });

  const publish = (key: string, ...values: PublishedValue[]) => invoicing.publish(key, ...values);

  /** Publishes a marker invoice event on the contract's key and waits until the view shows it: all before it is applied. */
  async function settled(contract: ContractWithLines): Promise<void> {
    const marker = anInvoiceCreated(contract.contractId, [{ contractLineId: randomUUID() }]);
    await publish(contract.contractId, anInvoiceEnvelope('InvoiceCreated', marker));
    await waitFor(
      async () => {
        const rows = await sut.app
          .get(ContractsDataSource)
          .query('SELECT 1 FROM line_invoice_runs WHERE invoice_id = $1', [marker.invoiceId]);
        return rows.length === 1;
      },
      { description: 'the marker invoice applied', timeoutMs: 20_000 },
    );
  }

  async function aBilledContract(): Promise<Billed> {
    const contract = await aContractWithLines(sut);
    const { contractId, timeAndMaterialLineId: tm, fixedPriceLineId: fp } = contract;
    const transactions = [1, 2, 3].map(() => aTransaction({ contractLineId: tm }));
    await api(sut).post(`/contracts/${contractId}/transactions/batch`).send({ transactions }).expect(201);
    await api(sut)
      .put(`/contracts/${contractId}/lines/${tm}/invoice-schedule`)
      .send({ entries: [{ invoiceRunDate: '2025-04-01' }, { invoiceRunDate: '2025-05-01' }] })
      .expect(200);
    const milestone = aMilestone();
    await api(sut).post(`/contracts/${contractId}/lines/${fp}/milestones`).send(milestone).expect(201);
    await api(sut)
      .post(`/contracts/${contractId}/lines/${fp}/milestones/${milestone.milestoneId}/ready-for-invoicing`)
      .expect(200);
    return {
      contract,
      transactionIds: transactions.map((t) => t.transactionId),
      milestoneId: milestone.milestoneId,
    };
  }

  const viewOf = async (contractId: string) =>
    (await api(sut).get(`/contracts/${contractId}`).expect(200)).body;
  const transactionsOf = async (contractId: string) =>
    (await api(sut).get(`/contracts/${contractId}/transactions`).expect(200)).body.transactions;

  function draftFor({ contract, transactionIds, milestoneId }: Billed) {
    return anInvoiceCreated(contract.contractId, [
      { contractLineId: contract.timeAndMaterialLineId, transactionIds: transactionIds.slice(0, 2) },
      { contractLineId: contract.fixedPriceLineId, milestoneIds: [milestoneId] },
    ]);
  }

  it('marks what a draft bills: transactions Billed, milestones InvoiceCreated, covered entries run', async () => {
    const billed = await aBilledContract();
    const { contractId } = billed.contract;
    const draft = draftFor(billed);
    await publish(contractId, anInvoiceEnvelope('InvoiceCreated', draft));
    await settled(billed.contract);

    const view = await viewOf(contractId);
    expect(view.lines[0].transactions).toEqual({ unbilled: 1, billed: 2, posted: 0 });
    expect(
      view.lines[0].invoiceSchedule.entries.map((e: { runStatus: string | null }) => e.runStatus),
    ).toEqual(['RunSuccessful', null]);
    expect(view.lines[1].milestones[0]).toMatchObject({
      status: 'InvoiceCreated',
      invoiceId: draft.invoiceId,
      invoiceNumber: draft.invoiceNumber,
    });
    const transactions = await transactionsOf(contractId);
    expect(
      transactions.map((t: { billingStatus: string; invoiceId: string | null }) => [
        t.billingStatus,
        t.invoiceId,
      ]),
    ).toEqual([
      ['Billed', draft.invoiceId],
      ['Billed', draft.invoiceId],
      ['Unbilled', null],
    ]);
  });

  it('marks what an invoice published in parts bills, part by part; a corrective in parts moves nothing', async () => {
    const billed = await aBilledContract();
    const { contractId } = billed.contract;
    const draft = draftFor(billed);
    const records = invoiceRecordEnvelopes(draft, 900);
    const corrective = { ...draftFor(billed), correctsInvoiceId: randomUUID() };
    const correctiveRecords = invoiceRecordEnvelopes(corrective, 900);
    await publish(contractId, ...records, anInvoiceEnvelope('InvoiceConfirmed', draft), ...correctiveRecords);
    await settled(billed.contract);

    expect(records.map((r) => r.eventType)).toContain('InvoiceDetailsAdded');
    expect(correctiveRecords.map((r) => r.eventType)).toContain('InvoiceDetailsAdded');
    const view = await viewOf(contractId);
    expect(view.lines[0].transactions).toEqual({ unbilled: 1, billed: 0, posted: 2 });
    expect(view.lines[1].milestones[0]).toMatchObject({
      status: 'InvoicePosted',
      invoiceId: draft.invoiceId,
    });
  });

  it('posts what a confirmed invoice billed', async () => {
    const billed = await aBilledContract();
    const { contractId } = billed.contract;
    const draft = draftFor(billed);
    await publish(
      contractId,
      anInvoiceEnvelope('InvoiceCreated', draft),
      anInvoiceEnvelope('InvoiceConfirmed', draft),
    );
    await settled(billed.contract);

    const view = await viewOf(contractId);
    expect(view.lines[0].transactions).toEqual({ unbilled: 1, billed: 0, posted: 2 });
    expect(view.lines[1].milestones[0]).toMatchObject({
      status: 'InvoicePosted',
      invoiceNumber: draft.invoiceNumber,
    });
  });

  it('frees what a cancelled draft billed, and a replayed creation does not bill it again', async () => {
    const billed = await aBilledContract();
    const { contractId } = billed.contract;
    const draft = draftFor(billed);
    const created = anInvoiceEnvelope('InvoiceCreated', draft);
    await publish(contractId, created, anInvoiceEnvelope('InvoiceCancelled', draft), created);
    await settled(billed.contract);

    const view = await viewOf(contractId);
    expect(view.lines[0].transactions).toEqual({ unbilled: 3, billed: 0, posted: 0 });
    expect(view.lines[1].milestones[0]).toMatchObject({ status: 'ReadyForInvoicing', invoiceId: null });
  });

  it('leaves what a corrective invoice credits posted, whatever becomes of the corrective', async () => {
    const billed = await aBilledContract();
    const { contractId } = billed.contract;
    const original = draftFor(billed);
    const corrective = { ...draftFor(billed), correctsInvoiceId: original.invoiceId };
    await publish(
      contractId,
      anInvoiceEnvelope('InvoiceCreated', original),
      anInvoiceEnvelope('InvoiceConfirmed', original),
      anInvoiceEnvelope('InvoiceCreated', corrective),
      anInvoiceEnvelope('InvoiceCancelled', corrective),
    );
    await settled(billed.contract);

    const view = await viewOf(contractId);
    expect(view.lines[0].transactions).toEqual({ unbilled: 1, billed: 0, posted: 2 });
    expect(view.lines[1].milestones[0]).toMatchObject({
      status: 'InvoicePosted',
      invoiceId: original.invoiceId,
    });
  });

  it('dead-letters an unreadable invoice event, skips an unknown type, and goes on', async () => {
    const billed = await aBilledContract();
    const { contractId } = billed.contract;
    const unknownType = { ...anInvoiceEnvelope('InvoicePaid', draftFor(billed)) };
    const noNumber = anInvoiceEnvelope('InvoiceConfirmed', { ...draftFor(billed), invoiceNumber: '' });
    await publish(
      contractId,
      'not json',
      unknownType,
      noNumber,
      anInvoiceEnvelope('InvoiceCreated', draftFor(billed)),
    );
    await settled(billed.contract);

    const letters = (
      await consumeAll<unknown>(sut.config.kafka.topics.contractInvoicesDlq, {
        until: (messages) => messages.filter((m) => m.key === contractId).length >= 2,
      })
    ).filter((m) => m.key === contractId);
    expect(letters.map((letter) => letter.headers['error-code'])).toEqual([
      'MALFORMED_JSON',
      'INVALID_EVENT',
    ]);
    expect(letters[1].headers['error-message']).toContain('data.invoiceNumber');
    expect((await viewOf(contractId)).lines[0].transactions).toEqual({ unbilled: 1, billed: 2, posted: 0 });
  });
});
