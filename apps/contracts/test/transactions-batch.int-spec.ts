import { randomUUID } from 'node:crypto';
import { ServiceApp } from '@app/testing';
import { DataSource } from 'typeorm';
import {
  aContractWithLines,
  api,
  aTimeAndMaterialLine,
  aTransaction,
  startContractsApp,
} from './contracts-test-app';

describe('POST /contracts/{id}/transactions/batch (real PostgreSQL and Kafka)', () => {
  let sut: ServiceApp;

  beforeAll(async () => {
    sut = await startContractsApp();
  });

  afterAll(async () => {
    await sut?.close();
  });

  const batchPath = (contractId: string) => `/contracts/${contractId}/transactions/batch`;
  const versionOf = async (contractId: string): Promise<number> =>
    (await api(sut).get(`/contracts/${contractId}`).expect(200)).body.version;

  it('records 1,000 transactions in one request, one event each, answered in request order', async () => {
    const { contractId, timeAndMaterialLineId } = await aContractWithLines(sut);
    const transactions = Array.from({ length: 1000 }, (_, i) =>
      aTransaction({
        contractLineId: timeAndMaterialLineId,
        quantity: `${(i % 9) + 1}`,
        unitPrice: '10.005',
      }),
    );
    const response = await api(sut).post(batchPath(contractId)).send({ transactions }).expect(201);
    expect(response.headers.etag).toBe('"1003"');
    expect(response.body.version).toBe(1003);
    expect(response.body.transactions).toHaveLength(1000);
    expect(response.body.transactions[0]).toMatchObject({
      transactionId: transactions[0].transactionId,
      quantity: '1',
      amount: '10.01',
      billingStatus: 'Unbilled',
    });
    expect(response.body.transactions.map((t: { transactionId: string }) => t.transactionId)).toEqual(
      transactions.map((t) => t.transactionId),
    );
    const view = await api(sut).get(`/contracts/${contractId}`).expect(200);
    expect(view.body.lines[0].transactions).toEqual({ unbilled: 1000, billed: 0, posted: 0 });
  });

  it('keeps the stored contract state the same size however many transactions it holds', async () => {
    const { contractId, timeAndMaterialLineId } = await aContractWithLines(sut);
    const snapshotSize = async () => {
      const [row] = await sut.app
        .get(DataSource)
        .query('SELECT length(snapshot::text) AS size FROM contracts.streams WHERE stream_id = $1', [
          contractId,
        ]);
      return row.size as number;
    };
    const record = (count: number) =>
      api(sut)
        .post(batchPath(contractId))
        .send({
          transactions: Array.from({ length: count }, () =>
            aTransaction({ contractLineId: timeAndMaterialLineId }),
          ),
        })
        .expect(201);
    await record(1);
    const small = await snapshotSize();
    await record(1000);
    expect(await snapshotSize()).toBe(small);
  });

  it('still knows a transaction recorded by an earlier request: same body 200, other body 409', async () => {
    const { contractId, timeAndMaterialLineId } = await aContractWithLines(sut);
    const earlier = Array.from({ length: 50 }, () => aTransaction({ contractLineId: timeAndMaterialLineId }));
    await api(sut).post(batchPath(contractId)).send({ transactions: earlier }).expect(201);
    await api(sut)
      .post(batchPath(contractId))
      .send({ transactions: [earlier[17]] })
      .expect(200);
    const changed = { ...earlier[17], unitPrice: '1.00' };
    const response = await api(sut)
      .post(batchPath(contractId))
      .send({ transactions: [changed] })
      .expect(409);
    expect(response.body.details.errors).toEqual([
      expect.objectContaining({ field: 'transactions[0].transactionId' }),
    ]);
  });

  it('answers the same batch again with 200 and records nothing twice', async () => {
    const { contractId, timeAndMaterialLineId } = await aContractWithLines(sut);
    const transactions = [1, 2, 3].map(() => aTransaction({ contractLineId: timeAndMaterialLineId }));
    await api(sut).post(batchPath(contractId)).send({ transactions }).expect(201);
    const again = await api(sut).post(batchPath(contractId)).send({ transactions }).expect(200);
    expect(again.body).toMatchObject({ version: 6 });
    expect(again.body.transactions).toHaveLength(3);
  });

  it('records nothing when any item is refused, and names every refused item', async () => {
    const { contractId, timeAndMaterialLineId, fixedPriceLineId } = await aContractWithLines(sut);
    const timeOnly = aTimeAndMaterialLine({ includedTransactionClasses: ['Time'] });
    await api(sut).post(`/contracts/${contractId}/lines`).send(timeOnly).expect(201);
    const good = aTransaction({ contractLineId: timeAndMaterialLineId });
    const transactions = [
      good,
      aTransaction({ contractLineId: timeOnly.contractLineId, transactionClass: 'Fee' }),
      aTransaction({ contractLineId: timeAndMaterialLineId }),
      aTransaction({ contractLineId: randomUUID() }),
      { ...good, quantity: '99' },
      aTransaction({ contractLineId: fixedPriceLineId }),
    ];
    const response = await api(sut).post(batchPath(contractId)).send({ transactions }).expect(422);
    expect(response.body).toMatchObject({ code: 'TRANSACTIONS_REJECTED' });
    expect(response.body.details.errors).toEqual([
      expect.objectContaining({
        index: 1,
        field: 'transactions[1].transactionClass',
        code: 'TRANSACTION_CLASS_NOT_INCLUDED',
      }),
      expect.objectContaining({
        index: 3,
        field: 'transactions[3].contractLineId',
        code: 'CONTRACT_LINE_NOT_FOUND',
      }),
      expect.objectContaining({
        index: 4,
        field: 'transactions[4].transactionId',
        code: 'TRANSACTION_ALREADY_RECORDED',
      }),
      expect.objectContaining({
        index: 5,
        field: 'transactions[5].contractLineId',
        code: 'TRANSACTION_ON_FIXED_PRICE_LINE',
      }),
    ]);
    expect(await versionOf(contractId)).toBe(4);
    const listed = await api(sut).get(`/contracts/${contractId}/transactions`).expect(200);
    expect(listed.body.transactions).toEqual([]);
  });

  it('answers with the status of the one rule when every refused item breaks the same one', async () => {
    const { contractId, timeAndMaterialLineId } = await aContractWithLines(sut);
    const unknownLines: string[] = [randomUUID(), randomUUID()];
    const transactions = unknownLines.map((line) => aTransaction({ contractLineId: line }));
    transactions.push(aTransaction({ contractLineId: timeAndMaterialLineId }));
    const response = await api(sut).post(batchPath(contractId)).send({ transactions }).expect(404);
    expect(response.body.code).toBe('CONTRACT_LINE_NOT_FOUND');
    expect(response.body.details.errors.map((e: { field: string }) => e.field)).toEqual([
      'transactions[0].contractLineId',
      'transactions[1].contractLineId',
    ]);
  });

  it('answers 404 once for an unknown contract', async () => {
    const transactions = [aTransaction({ contractLineId: randomUUID() })];
    const response = await api(sut).post(batchPath(randomUUID())).send({ transactions }).expect(404);
    expect(response.body).toMatchObject({ code: 'CONTRACT_NOT_FOUND' });
  });

  it('refuses more than 1,000 transactions and an empty batch with 400', async () => {
    const { contractId, timeAndMaterialLineId } = await aContractWithLines(sut);
    const tooMany = Array.from({ length: 1001 }, () =>
      aTransaction({ contractLineId: timeAndMaterialLineId }),
    );
    const large = await api(sut).post(batchPath(contractId)).send({ transactions: tooMany }).expect(400);
    expect(large.body.errors.map((e: { field: string }) => e.field)).toEqual(['transactions']);
    await api(sut).post(batchPath(contractId)).send({ transactions: [] }).expect(400);
  });

  it('refuses a batch whose If-Match names another version with 412', async () => {
    const { contractId, timeAndMaterialLineId } = await aContractWithLines(sut);
    const transactions = [aTransaction({ contractLineId: timeAndMaterialLineId })];
    await api(sut).post(batchPath(contractId)).set('If-Match', '"1"').send({ transactions }).expect(412);
    await api(sut).post(batchPath(contractId)).set('If-Match', '"3"').send({ transactions }).expect(201);
  });

  it('applies concurrent batches on one contract one after the other, none lost', async () => {
    const { contractId, timeAndMaterialLineId } = await aContractWithLines(sut);
    const batches = Array.from({ length: 5 }, () =>
      Array.from({ length: 200 }, () => aTransaction({ contractLineId: timeAndMaterialLineId })),
    );
    await Promise.all(
      batches.map((transactions) => api(sut).post(batchPath(contractId)).send({ transactions }).expect(201)),
    );
    expect(await versionOf(contractId)).toBe(3 + 1000);
  });
});
