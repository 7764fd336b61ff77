import { randomUUID } from 'node:crypto';
import { ServiceApp } from '@app/testing';
import {
  aContract,
  aContractWithLines,
  aMilestone,
  api,
  aTimeAndMaterialLine,
  aTransaction,
  ContractWithLines,
  startContractsApp,
} from './contracts-test-app';

interface FieldProblem {
  field: string;
  problems: string[];
}

function fieldsOf(body: { errors?: FieldProblem[] }): string[] {
  return (body.errors ?? []).map((e) => e.field).sort();
}

describe('contracts REST API: bad input and API keys (real PostgreSQL and Kafka)', () => {
  let sut: ServiceApp;
  let contract: ContractWithLines;
  let milestoneId: string;

  beforeAll(async () => {
    sut = await startContractsApp();
    contract = await aContractWithLines(sut);
    milestoneId = randomUUID();
    const path = `/contracts/${contract.contractId}/lines/${contract.fixedPriceLineId}/milestones`;
    await api(sut).post(path).send(aMilestone({ milestoneId })).expect(201);
  });

  afterAll(async () => {
    await sut?.close();
  });

  /** Asserts a 400 naming exactly these fields, and that nothing was written. */
  async function expectInvalid(
    send: ReturnType<ReturnType<typeof api>['post']>,
    fields: string[],
  ): Promise<void> {
    const before = (await api(sut).get(`/contracts/${contract.contractId}`)).body.version;
    const response = await send.expect(400);
    expect(fieldsOf(response.body)).toEqual([...fields].sort());
    for (const field of fields) expect(response.body.message).toContain(field);
    expect((await api(sut).get(`/contracts/${contract.contractId}`)).body.version).toBe(before);
  }

  describe('names every bad field in the 400', () => {
    it('POST /contracts', async () => {
      const body = { contractId: 'abc', customerId: 'customer-1', currency: 978, color: 'blue' };
      await expectInvalid(api(sut).post('/contracts').send(body), [
        'contractId',
        'name',
        'customerId',
        'currency',
        'color',
      ]);
    });

    it('POST /contracts/{id}/lines', async () => {
      const body = aTimeAndMaterialLine({
        billingMethod: 'Hourly',
        includedTransactionClasses: ['Time', 'Travel'],
        notToExceed: 100,
      });
      await expectInvalid(api(sut).post(`/contracts/${contract.contractId}/lines`).send(body), [
        'billingMethod',
        'includedTransactionClasses',
        'notToExceed',
      ]);
    });

    it('PUT /contracts/{id}/customers', async () => {
      const customers = [
        { customerId: 'x', billingSplitPercent: '40' },
        { customerId: randomUUID(), billingSplitPercent: '60%' },
      ];
      await expectInvalid(api(sut).put(`/contracts/${contract.contractId}/customers`).send({ customers }), [
        'customers[0].customerId',
        'customers[1].billingSplitPercent',
      ]);
    });

    it('PUT /contracts/{id}/lines/{lineId}/invoice-schedule', async () => {
      const path = `/contracts/${contract.contractId}/lines/${contract.timeAndMaterialLineId}/invoice-schedule`;
      await expectInvalid(
        api(sut)
          .put(path)
          .send({ frequency: { period: 'Yearly' }, startDate: '2025-02-30' }),
        ['frequency.period', 'startDate', 'endDate'],
      );
      await expectInvalid(
        api(sut)
          .put(path)
          .send({ entries: [{ invoiceRunDate: '2025-13-01' }, { when: 'soon' }] }),
        ['entries[0].invoiceRunDate', 'entries[1].invoiceRunDate', 'entries[1].when'],
      );
    });

    it('POST /contracts/{id}/lines/{lineId}/milestones', async () => {
      const path = `/contracts/${contract.contractId}/lines/${contract.fixedPriceLineId}/milestones`;
      await expectInvalid(
        api(sut)
          .post(path)
          .send(aMilestone({ milestoneDate: '31-03-2025', amount: 12.5 })),
        ['milestoneDate', 'amount'],
      );
    });

    it('POST .../milestones/{milestoneId}/ready-for-invoicing', async () => {
      const path = `/contracts/${contract.contractId}/lines/${contract.fixedPriceLineId}/milestones/nope/ready-for-invoicing`;
      await expectInvalid(api(sut).post(path), ['milestoneId']);
    });

    it('POST /contracts/{id}/lines/{lineId}/transactions', async () => {
      const path = `/contracts/${contract.contractId}/lines/${contract.timeAndMaterialLineId}/transactions`;
      const body = aTransaction({
        quantity: 7.5,
        transactionDate: '2025-02-29',
        transactionClass: 'Travel',
        hours: 3,
      });
      await expectInvalid(api(sut).post(path).send(body), [
        'quantity',
        'transactionDate',
        'transactionClass',
        'hours',
      ]);
    });

    it('POST /contracts/{id}/transactions/batch', async () => {
      const line = contract.timeAndMaterialLineId;
      const transactions = [0, 1, 2, 3].map(() => aTransaction({ contractLineId: line }));
      transactions[3] = { ...transactions[3], quantity: 'ten' };
      transactions[1] = { ...transactions[1], contractLineId: 'line-1' };
      await expectInvalid(
        api(sut).post(`/contracts/${contract.contractId}/transactions/batch`).send({ transactions }),
        ['transactions[1].contractLineId', 'transactions[3].quantity'],
      );
    });

    it('a path id that is not a UUID', async () => {
      await expectInvalid(api(sut).post('/contracts/not-a-uuid/lines').send(aTimeAndMaterialLine()), [
        'contractId',
      ]);
      const response = await api(sut).get('/contracts/not-a-uuid').expect(400);
      expect(fieldsOf(response.body)).toEqual(['contractId']);
    });

    it('query parameters', async () => {
      const events = await api(sut)
        .get(`/contracts/${contract.contractId}/events?limit=0&from=2`)
        .expect(400);
      expect(fieldsOf(events.body)).toEqual(['from', 'limit']);
      const transactions = await api(sut)
        .get(`/contracts/${contract.contractId}/transactions?billingStatus=Paid`)
        .expect(400);
      expect(fieldsOf(transactions.body)).toEqual(['billingStatus']);
    });
  });

  describe('API keys', () => {
    const writes: [string, string, () => string, () => object][] = [
      ['POST', 'create contract', () => '/contracts', () => aContract()],
      [
        'PUT',
        'set customers',
        () => `/contracts/${contract.contractId}/customers`,
        () => ({ customers: [] }),
      ],
      ['POST', 'add line', () => `/contracts/${contract.contractId}/lines`, () => aTimeAndMaterialLine()],
      [
        'PUT',
        'set invoice schedule',
        () => `/contracts/${contract.contractId}/lines/${contract.timeAndMaterialLineId}/invoice-schedule`,
        () => ({ entries: [] }),
      ],
      [
        'POST',
        'add milestone',
        () => `/contracts/${contract.contractId}/lines/${contract.fixedPriceLineId}/milestones`,
        () => aMilestone(),
      ],
      [
        'POST',
        'mark milestone ready',
        () =>
          `/contracts/${contract.contractId}/lines/${contract.fixedPriceLineId}/milestones/${milestoneId}/ready-for-invoicing`,
        () => ({}),
      ],
      [
        'POST',
        'record transaction',
        () => `/contracts/${contract.contractId}/lines/${contract.timeAndMaterialLineId}/transactions`,
        () => aTransaction(),
      ],
      [
        'POST',
        'record batch',
        () => `/contracts/${contract.contractId}/transactions/batch`,
        () => ({ transactions: [aTransaction({ contractLineId: contract.timeAndMaterialLineId })] }),
      ],
    ];

    it.each(writes)(
      '%s %s needs a key: 401 without one or with a wrong one',
      async (method, _name, path, body) => {
        const client = api(sut, { anonymous: true });
        const call = () => (method === 'PUT' ? client.put(path()) : client.post(path()));
        const missing = await call().send(body()).expect(401);
        expect(missing.headers['www-authenticate']).toBe('Bearer');
        await call().set('Authorization', 'Bearer wrong-key').send(body()).expect(401);
        expect((await api(sut).get(`/contracts/${contract.contractId}`)).body.version).toBe(4);
      },
    );
  });

  it('reads a structured +json body like application/json', async () => {
    const body = aContract();
    await api(sut)
      .post('/contracts')
      .set('Content-Type', 'application/vnd.project-invoicing+json; charset=utf-8')
      .send(JSON.stringify(body))
      .expect(201);
    expect((await api(sut).get(`/contracts/${body.contractId}`).expect(200)).body.name).toBe(body.name);
  });

  it('documents every endpoint and body in OpenAPI', async () => {
    const response = await api(sut).get('/docs-json').expect(200);
    const { paths, components } = response.body;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/contracts',
        '/contracts/{contractId}',
        '/contracts/{contractId}/events',
        '/contracts/{contractId}/customers',
        '/contracts/{contractId}/lines',
        '/contracts/{contractId}/lines/{lineId}/invoice-schedule',
        '/contracts/{contractId}/lines/{lineId}/milestones',
        '/contracts/{contractId}/lines/{lineId}/milestones/{milestoneId}/ready-for-invoicing',
        '/contracts/{contractId}/lines/{lineId}/transactions',
        '/contracts/{contractId}/transactions/batch',
        '/contracts/{contractId}/transactions',
      ]),
    );
    expect(Object.keys(components.schemas)).toEqual(
      expect.arrayContaining([
        'CreateContractRequest',
        'SetContractCustomersRequest',
        'AddContractLineRequest',
        'SetInvoiceScheduleRequest',
        'AddMilestoneRequest',
        'RecordTransactionRequest',
        'RecordTransactionsBatchRequest',
        'ContractViewDto',
      ]),
    );
    expect(
      paths['/contracts/{contractId}/transactions/batch'].post.requestBody.content['application/json'].schema,
    ).toEqual({
      $ref: '#/components/schemas/RecordTransactionsBatchRequest',
    });
  });
});
