import { randomUUID } from 'node:crypto';
import { ServiceApp } from '@app/testing';
import {
  aContract,
  aContractWithLines,
  aFixedPriceLine,
  aMilestone,
  api,
  aTimeAndMaterialLine,
  aTransaction,
  startContractsApp,
} from './contracts-test-app';

describe('contracts REST API (real PostgreSQL and Kafka)', () => {
  let sut: ServiceApp;

  beforeAll(async () => {
    sut = await startContractsApp();
  });

  afterAll(async () => {
    await sut?.close();
  });

  describe('POST /contracts', () => {
    it('creates a contract billed to its customer for 100 percent, at version 1', async () => {
      const contract = aContract();
      const response = await api(sut).post('/contracts').send(contract).expect(201);
      expect(response.body).toEqual({
        ...contract,
        customers: [{ customerId: contract.customerId, billingSplitPercent: '100' }],
        lines: [],
        version: 1,
      });
      expect(response.headers.etag).toBe('"1"');
    });

    it('gives the contract an id when the client sends none', async () => {
      const { contractId: _none, ...body } = aContract();
      const response = await api(sut).post('/contracts').send(body).expect(201);
      expect(response.body.contractId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers a repeated create with the same body with the same contract, 200', async () => {
      const contract = aContract();
      await api(sut).post('/contracts').send(contract).expect(201);
      const again = await api(sut).post('/contracts').send(contract).expect(200);
      expect(again.body).toMatchObject({ contractId: contract.contractId, version: 1 });
    });

    it('refuses the same id with another body with 409', async () => {
      const contract = aContract();
      await api(sut).post('/contracts').send(contract).expect(201);
      const response = await api(sut)
        .post('/contracts')
        .send({ ...contract, name: 'Other' })
        .expect(409);
      expect(response.body).toMatchObject({
        code: 'CONTRACT_ALREADY_EXISTS',
        details: { field: 'contractId' },
      });
    });

    it('refuses a currency that is not ISO 4217 with 422', async () => {
      const response = await api(sut)
        .post('/contracts')
        .send(aContract({ currency: 'XYZ' }))
        .expect(422);
      expect(response.body).toMatchObject({ code: 'CURRENCY_NOT_ISO_4217', details: { field: 'currency' } });
    });
  });

  describe('GET /contracts/{id}', () => {
    it('shows lines, schedule entries, milestones and transaction counts with the version as ETag', async () => {
      const { contractId, timeAndMaterialLineId: tm, fixedPriceLineId: fp } = await aContractWithLines(sut);
      const milestone = aMilestone();
      await api(sut).post(`/contracts/${contractId}/lines/${fp}/milestones`).send(milestone).expect(201);
      await api(sut)
        .put(`/contracts/${contractId}/lines/${tm}/invoice-schedule`)
        .send({ entries: [{ invoiceRunDate: '2025-04-01' }] })
        .expect(200);
      await api(sut)
        .post(`/contracts/${contractId}/lines/${tm}/transactions`)
        .send(aTransaction())
        .expect(201);

      const response = await api(sut).get(`/contracts/${contractId}`).expect(200);
      expect(response.headers.etag).toBe('"6"');
      expect(response.body.version).toBe(6);
      expect(response.body.lines).toEqual([
        expect.objectContaining({
          contractLineId: tm,
          billingMethod: 'TimeAndMaterial',
          includedTransactionClasses: ['Time', 'Expense', 'Material', 'Fee'],
          invoiceSchedule: {
            frequency: null,
            entries: [{ invoiceRunDate: '2025-04-01', transactionCutoffDate: '2025-03-31', runStatus: null }],
          },
          milestones: [],
          transactions: { unbilled: 1, billed: 0, posted: 0 },
        }),
        expect.objectContaining({
          contractLineId: fp,
          billingMethod: 'FixedPrice',
          invoiceSchedule: null,
          milestones: [
            {
              ...milestone,
              status: 'NotReadyForInvoicing',
              invoiceId: null,
              invoiceNumber: null,
              shares: [],
            },
          ],
        }),
      ]);
    });

    it('answers 404 for an unknown contract', async () => {
      const response = await api(sut).get(`/contracts/${randomUUID()}`).expect(404);
      expect(response.body).toMatchObject({ code: 'CONTRACT_NOT_FOUND' });
    });

    it('is open to reads without an API key', async () => {
      const { contractId } = await aContractWithLines(sut);
      await api(sut, { anonymous: true }).get(`/contracts/${contractId}`).expect(200);
    });
  });

  describe('GET /contracts/{id}/events', () => {
    it('returns the stream as event envelopes in version order, paged', async () => {
      const { contractId } = await aContractWithLines(sut);
      const first = await api(sut).get(`/contracts/${contractId}/events?limit=2`).expect(200);
      expect(first.body).toMatchObject({ contractId, version: 3, nextFromVersion: 3 });
      expect(first.body.events.map((e: { eventType: string }) => e.eventType)).toEqual([
        'ContractCreated',
        'ContractLineAdded',
      ]);
      expect(first.body.events[0]).toEqual({
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        eventType: 'ContractCreated',
        schemaVersion: 1,
        streamId: contractId,
        streamVersion: 1,
        occurredAt: expect.stringMatching(/Z$/),
        correlationId: expect.any(String),
        causationId: null,
        data: expect.objectContaining({ contractId }),
      });
      const rest = await api(sut).get(`/contracts/${contractId}/events?fromVersion=3`).expect(200);
      expect(rest.body).toMatchObject({ nextFromVersion: null, events: [{ streamVersion: 3 }] });
    });

    it('keeps the correlation id the client sent', async () => {
      const correlationId = `order-${randomUUID()}`;
      const contract = aContract();
      await api(sut).post('/contracts').set('X-Correlation-Id', correlationId).send(contract).expect(201);
      const response = await api(sut).get(`/contracts/${contract.contractId}/events`).expect(200);
      expect(response.body.events[0].correlationId).toBe(correlationId);
    });

    it('answers 404 for an unknown contract', async () => {
      await api(sut).get(`/contracts/${randomUUID()}/events`).expect(404);
    });
  });

  describe('PUT /contracts/{id}/customers', () => {
    it('sets the billing split', async () => {
      const { contractId } = await aContractWithLines(sut);
      const customers = [
        { customerId: randomUUID(), billingSplitPercent: '60' },
        { customerId: randomUUID(), billingSplitPercent: '40' },
      ];
      const response = await api(sut)
        .put(`/contracts/${contractId}/customers`)
        .send({ customers })
        .expect(200);
      expect(response.body).toEqual({ contractId, customers, version: 4 });
    });

    it('refuses splits that do not sum to 100 with 422', async () => {
      const { contractId } = await aContractWithLines(sut);
      const customers = [{ customerId: randomUUID(), billingSplitPercent: '60' }];
      const response = await api(sut)
        .put(`/contracts/${contractId}/customers`)
        .send({ customers })
        .expect(422);
      expect(response.body.code).toBe('BILLING_SPLITS_MUST_SUM_TO_100');
    });

    it('answers 404 for an unknown contract', async () => {
      const customers = [{ customerId: randomUUID(), billingSplitPercent: '100' }];
      await api(sut).put(`/contracts/${randomUUID()}/customers`).send({ customers }).expect(404);
    });
  });

  describe('If-Match', () => {
    it('applies a write that names the current version', async () => {
      const { contractId } = await aContractWithLines(sut);
      const response = await api(sut)
        .post(`/contracts/${contractId}/lines`)
        .set('If-Match', '"3"')
        .send(aTimeAndMaterialLine())
        .expect(201);
      expect(response.headers.etag).toBe('"4"');
    });

    it('refuses a write that names another version with 412 and writes nothing', async () => {
      const { contractId } = await aContractWithLines(sut);
      const response = await api(sut)
        .post(`/contracts/${contractId}/lines`)
        .set('If-Match', '"2"')
        .send(aTimeAndMaterialLine())
        .expect(412);
      expect(response.body).toMatchObject({
        code: 'VERSION_MISMATCH',
        details: { expectedVersion: 2, actualVersion: 3 },
      });
      expect((await api(sut).get(`/contracts/${contractId}`)).body.version).toBe(3);
    });

    it('refuses an If-Match that is not a version with 400', async () => {
      const { contractId } = await aContractWithLines(sut);
      const response = await api(sut)
        .post(`/contracts/${contractId}/lines`)
        .set('If-Match', 'yesterday')
        .send(aTimeAndMaterialLine())
        .expect(400);
      expect(response.body.errors).toEqual([{ field: 'If-Match', problems: [expect.any(String)] }]);
    });

    it('lets concurrent writers without If-Match all succeed, one version each', async () => {
      const { contractId } = await aContractWithLines(sut);
      const lines = Array.from({ length: 8 }, () => aTimeAndMaterialLine());
      await Promise.all(
        lines.map((line) => api(sut).post(`/contracts/${contractId}/lines`).send(line).expect(201)),
      );
      expect((await api(sut).get(`/contracts/${contractId}`)).body.version).toBe(3 + lines.length);
    });
  });

  describe('POST /contracts/{id}/lines', () => {
    it('adds a time-and-material line with its classes and cap in minor units', async () => {
      const { contractId } = await aContractWithLines(sut);
      const line = aTimeAndMaterialLine({
        includedTransactionClasses: ['Expense', 'Time'],
        notToExceed: '1000',
      });
      const response = await api(sut).post(`/contracts/${contractId}/lines`).send(line).expect(201);
      expect(response.body).toEqual({
        contractId,
        ...line,
        includedTransactionClasses: ['Time', 'Expense'],
        notToExceed: '1000.00',
        invoiceSchedule: null,
        milestones: [],
        transactions: { unbilled: 0, billed: 0, posted: 0 },
        version: 4,
      });
    });

    it('answers a repeated add with 200 and a changed one with 409', async () => {
      const { contractId } = await aContractWithLines(sut);
      const line = aFixedPriceLine();
      await api(sut).post(`/contracts/${contractId}/lines`).send(line).expect(201);
      await api(sut).post(`/contracts/${contractId}/lines`).send(line).expect(200);
      const response = await api(sut)
        .post(`/contracts/${contractId}/lines`)
        .send({ ...line, name: 'Renamed' })
        .expect(409);
      expect(response.body.code).toBe('CONTRACT_LINE_ALREADY_EXISTS');
    });

    it('refuses a cap on a fixed-price line with 422', async () => {
      const { contractId } = await aContractWithLines(sut);
      const response = await api(sut)
        .post(`/contracts/${contractId}/lines`)
        .send(aFixedPriceLine({ notToExceed: '100.00' }))
        .expect(422);
      expect(response.body.code).toBe('NOT_TO_EXCEED_ON_FIXED_PRICE_LINE');
    });

    it('answers 404 for an unknown contract', async () => {
      await api(sut).post(`/contracts/${randomUUID()}/lines`).send(aTimeAndMaterialLine()).expect(404);
    });
  });

  describe('PUT /contracts/{id}/lines/{lineId}/invoice-schedule', () => {
    it('generates the entries of a frequency, each cut-off the day before its run date', async () => {
      const { contractId, timeAndMaterialLineId: tm } = await aContractWithLines(sut);
      const response = await api(sut)
        .put(`/contracts/${contractId}/lines/${tm}/invoice-schedule`)
        .send({
          frequency: { period: 'Monthly', days: [1, 31] },
          startDate: '2025-02-01',
          endDate: '2025-03-01',
        })
        .expect(200);
      expect(response.body).toEqual({
        contractId,
        contractLineId: tm,
        frequency: { period: 'Monthly', days: [1, 31] },
        entries: [
          { invoiceRunDate: '2025-02-01', transactionCutoffDate: '2025-01-31', runStatus: null },
          { invoiceRunDate: '2025-02-28', transactionCutoffDate: '2025-02-27', runStatus: null },
          { invoiceRunDate: '2025-03-01', transactionCutoffDate: '2025-02-28', runStatus: null },
        ],
        version: 4,
      });
      expect(response.headers.etag).toBe('"4"');
    });

    it('refuses a schedule on a fixed-price line with 422', async () => {
      const { contractId, fixedPriceLineId: fp } = await aContractWithLines(sut);
      const response = await api(sut)
        .put(`/contracts/${contractId}/lines/${fp}/invoice-schedule`)
        .send({ entries: [{ invoiceRunDate: '2025-04-01' }] })
        .expect(422);
      expect(response.body.code).toBe('SCHEDULE_ON_FIXED_PRICE_LINE');
    });

    it('refuses a body with neither frequency nor entries with 400, naming the field', async () => {
      const { contractId, timeAndMaterialLineId: tm } = await aContractWithLines(sut);
      const response = await api(sut)
        .put(`/contracts/${contractId}/lines/${tm}/invoice-schedule`)
        .send({})
        .expect(400);
      expect(response.body).toMatchObject({ code: 'INVALID_SCHEDULE', details: { field: 'entries' } });
    });

    it('answers 404 for an unknown line', async () => {
      const { contractId } = await aContractWithLines(sut);
      const response = await api(sut)
        .put(`/contracts/${contractId}/lines/${randomUUID()}/invoice-schedule`)
        .send({ entries: [] })
        .expect(404);
      expect(response.body.code).toBe('CONTRACT_LINE_NOT_FOUND');
    });
  });

  describe('milestones', () => {
    it('adds a milestone to a fixed-price line and marks it ready for invoicing', async () => {
      const { contractId, fixedPriceLineId: fp } = await aContractWithLines(sut);
      const milestone = aMilestone({ amount: '500' });
      const added = await api(sut)
        .post(`/contracts/${contractId}/lines/${fp}/milestones`)
        .send(milestone)
        .expect(201);
      expect(added.body).toEqual({
        contractId,
        contractLineId: fp,
        ...milestone,
        amount: '500.00',
        status: 'NotReadyForInvoicing',
        invoiceId: null,
        invoiceNumber: null,
        shares: [],
        version: 4,
      });
      const path = `/contracts/${contractId}/lines/${fp}/milestones/${milestone.milestoneId}/ready-for-invoicing`;
      const ready = await api(sut).post(path).expect(200);
      expect(ready.body).toMatchObject({ status: 'ReadyForInvoicing', version: 5 });
      const again = await api(sut).post(path).expect(200);
      expect(again.body).toMatchObject({ status: 'ReadyForInvoicing', version: 5 });
    });

    it('refuses a milestone on a time-and-material line with 422', async () => {
      const { contractId, timeAndMaterialLineId: tm } = await aContractWithLines(sut);
      const response = await api(sut)
        .post(`/contracts/${contractId}/lines/${tm}/milestones`)
        .send(aMilestone())
        .expect(422);
      expect(response.body.code).toBe('MILESTONE_ON_TIME_AND_MATERIAL_LINE');
    });

    it('answers 409 for a milestone id taken by another body', async () => {
      const { contractId, fixedPriceLineId: fp } = await aContractWithLines(sut);
      const milestone = aMilestone();
      await api(sut).post(`/contracts/${contractId}/lines/${fp}/milestones`).send(milestone).expect(201);
      await api(sut).post(`/contracts/${contractId}/lines/${fp}/milestones`).send(milestone).expect(200);
      await api(sut)
        .post(`/contracts/${contractId}/lines/${fp}/milestones`)
        .send({ ...milestone, amount: '1.00' })
        .expect(409);
    });

    it('answers 404 when marking an unknown milestone', async () => {
      const { contractId, fixedPriceLineId: fp } = await aContractWithLines(sut);
      const response = await api(sut)
        .post(`/contracts/${contractId}/lines/${fp}/milestones/${randomUUID()}/ready-for-invoicing`)
        .expect(404);
      expect(response.body.code).toBe('MILESTONE_NOT_FOUND');
    });
  });

  describe('POST /contracts/{id}/lines/{lineId}/transactions', () => {
    it('records a transaction with its exact amount, unbilled', async () => {
      const { contractId, timeAndMaterialLineId: tm } = await aContractWithLines(sut);
      const transaction = aTransaction({ quantity: '0.333', unitPrice: '10.005', description: 'Workshop' });
      const response = await api(sut)
        .post(`/contracts/${contractId}/lines/${tm}/transactions`)
        .send(transaction)
        .expect(201);
      expect(response.body).toEqual({
        contractId,
        contractLineId: tm,
        ...transaction,
        amount: '3.33',
        resourceRole: null,
        billingStatus: 'Unbilled',
        invoiceId: null,
        invoiceNumber: null,
        shares: [],
        version: 4,
      });
    });

    it('answers a repeat with 200 and a changed body under the same id with 409', async () => {
      const { contractId, timeAndMaterialLineId: tm } = await aContractWithLines(sut);
      const transaction = aTransaction();
      const path = `/contracts/${contractId}/lines/${tm}/transactions`;
      await api(sut).post(path).send(transaction).expect(201);
      await api(sut)
        .post(path)
        .send({ ...transaction, quantity: '7.50' })
        .expect(200);
      const response = await api(sut)
        .post(path)
        .send({ ...transaction, quantity: '8' })
        .expect(409);
      expect(response.body.code).toBe('TRANSACTION_ALREADY_RECORDED');
    });

    it('refuses a class the line excludes and a fixed-price line with 422', async () => {
      const { contractId, fixedPriceLineId: fp } = await aContractWithLines(sut);
      const timeOnly = aTimeAndMaterialLine({ includedTransactionClasses: ['Time'] });
      await api(sut).post(`/contracts/${contractId}/lines`).send(timeOnly).expect(201);
      const excluded = await api(sut)
        .post(`/contracts/${contractId}/lines/${timeOnly.contractLineId}/transactions`)
        .send(aTransaction({ transactionClass: 'Expense' }))
        .expect(422);
      expect(excluded.body).toMatchObject({
        code: 'TRANSACTION_CLASS_NOT_INCLUDED',
        details: { field: 'transactionClass' },
      });
      const fixed = await api(sut)
        .post(`/contracts/${contractId}/lines/${fp}/transactions`)
        .send(aTransaction())
        .expect(422);
      expect(fixed.body.code).toBe('TRANSACTION_ON_FIXED_PRICE_LINE');
    });

    it('lists the transactions with their billing status, paged', async () => {
      const { contractId, timeAndMaterialLineId: tm } = await aContractWithLines(sut);
      const path = `/contracts/${contractId}/lines/${tm}/transactions`;
      const [a, b] = [aTransaction(), aTransaction()];
      await api(sut).post(path).send(a).expect(201);
      await api(sut).post(path).send(b).expect(201);
      const first = await api(sut).get(`/contracts/${contractId}/transactions?limit=1`).expect(200);
      expect(first.body.transactions.map((t: { transactionId: string }) => t.transactionId)).toEqual([
        a.transactionId,
      ]);
      const next = await api(sut)
        .get(
          `/contracts/${contractId}/transactions?billingStatus=Unbilled&afterVersion=${first.body.nextAfterVersion}`,
        )
        .expect(200);
      expect(next.body).toMatchObject({
        transactions: [{ transactionId: b.transactionId }],
        nextAfterVersion: null,
      });
    });
  });
});
