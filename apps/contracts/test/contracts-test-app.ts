import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ServiceApp, startServiceApp } from '@app/testing';
import { ContractsModule } from '../src/contracts.module';

export const API_KEY = 'contracts-test-key';

/** The contracts service as `main.ts` boots it, on its own database and topic prefix, with an API key. */
export function startContractsApp(env: Record<string, string> = {}): Promise<ServiceApp> {
  return startServiceApp(ContractsModule, 'contracts', {
    env: { API_KEYS: API_KEY, KAFKA_TOPIC_PARTITIONS: '3', ...env },
  });
}

type Method = 'post' | 'put' | 'get';

/** supertest with the API key; `anonymous` sends none. */
export function api(app: ServiceApp, { anonymous = false }: { anonymous?: boolean } = {}) {
  const server = app.app.getHttpServer();
  const call = (method: Method, path: string) => {
    const test = request(server)[method](path);
    return anonymous ? test : test.set('Authorization', `Bearer ${API_KEY}`);
  };
  return {
    post: (path: string) => call('post', path),
    put: (path: string) => call('put', path),
    get: (path: string) => call('get', path),
  };
}

/* Request bodies with fresh ids; overrides change a field or drop it (`undefined`). */

export function aContract<T extends object = object>(overrides: T = {} as T) {
  return {
    contractId: randomUUID(),
    name: 'Website relaunch',
    customerId: randomUUID(),
    currency: 'EUR',
    ...overrides,
  };
}

export function aTimeAndMaterialLine<T extends object = object>(overrides: T = {} as T) {
  return { contractLineId: randomUUID(), name: 'Consulting', billingMethod: 'TimeAndMaterial', ...overrides };
}

export function aFixedPriceLine<T extends object = object>(overrides: T = {} as T) {
  return { contractLineId: randomUUID(), name: 'Implementation', billingMethod: 'FixedPrice', ...overrides };
}

export function aMilestone<T extends object = object>(overrides: T = {} as T) {
  return {
    milestoneId: randomUUID(),
    name: 'Design signed off',
    milestoneDate: '2025-03-31',
    amount: '12500.00',
    ...overrides,
  };
}

export function aTransaction<T extends object = object>(overrides: T = {} as T) {
  return {
    transactionId: randomUUID(),
    transactionClass: 'Time',
    transactionDate: '2025-03-10',
    quantity: '7.5',
    unitPrice: '120.00',
    ...overrides,
  };
}

export interface ContractWithLines {
  readonly contractId: string;
  readonly timeAndMaterialLineId: string;
  readonly fixedPriceLineId: string;
}

/** A contract with one time-and-material and one fixed-price line, created over REST. */
export async function aContractWithLines(app: ServiceApp): Promise<ContractWithLines> {
  const contract = aContract();
  const tm = aTimeAndMaterialLine();
  const fp = aFixedPriceLine();
  const client = api(app);
  await client.post('/contracts').send(contract).expect(201);
  await client.post(`/contracts/${contract.contractId}/lines`).send(tm).expect(201);
  await client.post(`/contracts/${contract.contractId}/lines`).send(fp).expect(201);
  return {
    contractId: contract.contractId,
    timeAndMaterialLineId: tm.contractLineId,
    fixedPriceLineId: fp.contractLineId,
  };
}
