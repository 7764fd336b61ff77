import { randomUUID } from 'node:crypto';
import { CONTRACT_EVENT_TYPES, EventEnvelope } from '@app/event-contracts';
import { consumeAll, ConsumedMessage, ServiceApp, testKafka } from '@app/testing';
import { aContractWithLines, aMilestone, api, aTransaction, startContractsApp } from './contracts-test-app';

/** Created, 2 lines, customers, schedule, milestone, ready, 1 + 3 transactions. */
const EVENTS_PER_CONTRACT = 11;

/** Drives a contract through every contract event type over REST; returns its id. */
async function aContractWithEveryEvent(sut: ServiceApp): Promise<string> {
  const { contractId, timeAndMaterialLineId: tm, fixedPriceLineId: fp } = await aContractWithLines(sut);
  const client = api(sut);
  const customers = [
    { customerId: randomUUID(), billingSplitPercent: '50' },
    { customerId: randomUUID(), billingSplitPercent: '50' },
  ];
  await client.put(`/contracts/${contractId}/customers`).send({ customers }).expect(200);
  const schedule = {
    frequency: { period: 'Weekly', days: 'Friday' },
    startDate: '2025-03-01',
    endDate: '2025-03-31',
  };
  await client.put(`/contracts/${contractId}/lines/${tm}/invoice-schedule`).send(schedule).expect(200);
  const milestone = aMilestone();
  await client.post(`/contracts/${contractId}/lines/${fp}/milestones`).send(milestone).expect(201);
  await client
    .post(`/contracts/${contractId}/lines/${fp}/milestones/${milestone.milestoneId}/ready-for-invoicing`)
    .expect(200);
  await client.post(`/contracts/${contractId}/lines/${tm}/transactions`).send(aTransaction()).expect(201);
  const transactions = [1, 2, 3].map(() => aTransaction({ contractLineId: tm }));
  await client.post(`/contracts/${contractId}/transactions/batch`).send({ transactions }).expect(201);
  return contractId;
}

describe('contract events on Kafka through the outbox relay (real PostgreSQL and Kafka)', () => {
  let sut: ServiceApp;
  let contractIds: string[];
  let published: ConsumedMessage<EventEnvelope>[];

  beforeAll(async () => {
    sut = await startContractsApp();
    contractIds = await Promise.all([aContractWithEveryEvent(sut), aContractWithEveryEvent(sut)]);
    published = await consumeAll<EventEnvelope>(sut.config.kafka.topics.contractEvents, {
      count: contractIds.length * EVENTS_PER_CONTRACT,
    });
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('publishes every contract event type', () => {
    const types = new Set(published.map((message) => message.value.eventType));
    expect([...types].sort()).toEqual([...CONTRACT_EVENT_TYPES].sort());
  });

  it('keys each event by its contract and publishes a contract in stream order, each event once', async () => {
    const admin = testKafka().admin();
    await admin.connect();
    const offsets = await admin
      .fetchTopicOffsets(sut.config.kafka.topics.contractEvents)
      .finally(() => admin.disconnect());
    expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(published.length);
    for (const contractId of contractIds) {
      const ofContract = published.filter((message) => message.value.streamId === contractId);
      expect(ofContract.every((message) => message.key === contractId)).toBe(true);
      expect(new Set(ofContract.map((message) => message.partition)).size).toBe(1);
      expect(ofContract.map((message) => message.value.streamVersion)).toEqual(
        Array.from({ length: EVENTS_PER_CONTRACT }, (_, i) => i + 1),
      );
    }
  });

  it('publishes the envelope of the stored event, with the type, id and schema version repeated as headers', async () => {
    const [contractId] = contractIds;
    const stored = await api(sut).get(`/contracts/${contractId}/events`).expect(200);
    const ofContract = published.filter((message) => message.value.streamId === contractId);
    expect(ofContract.map((message) => message.value)).toEqual(stored.body.events);
    for (const { headers, value } of ofContract) {
      expect(headers).toEqual({
        'event-type': value.eventType,
        'event-id': value.eventId,
        'schema-version': '1',
      });
    }
  });

  it('publishes exact amounts and dates as strings', () => {
    const recorded = published.find((message) => message.value.eventType === 'TransactionRecorded')!;
    expect(recorded.value.data).toMatchObject({ quantity: '7.5', unitPrice: '120.00', amount: '900.00' });
    const schedule = published.find((message) => message.value.eventType === 'InvoiceScheduleSet')!;
    expect(schedule.value.data).toMatchObject({
      frequency: { period: 'Weekly', days: 'Friday' },
      entries: [
        { invoiceRunDate: '2025-03-07', transactionCutoffDate: '2025-03-06' },
        { invoiceRunDate: '2025-03-14', transactionCutoffDate: '2025-03-13' },
        { invoiceRunDate: '2025-03-21', transactionCutoffDate: '2025-03-20' },
        { invoiceRunDate: '2025-03-28', transactionCutoffDate: '2025-03-27' },
      ],
    });
  });

  it('counts relayed events and its leadership in the metrics', async () => {
    const metrics = await api(sut).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/contracts_outbox_events_relayed_total\{service="contracts"\} (\d+)/);
    expect(metrics.text).toContain('contracts_outbox_relay_leader{service="contracts"} 1');
    expect(metrics.text).toMatch(/contracts_outbox_lag_events\{service="contracts"\} \d+/);
    expect(metrics.text).toMatch(/contracts_outbox_lag_seconds\{service="contracts"\} [\d.]+/);
    expect(metrics.text).toMatch(
      /contracts_events_appended_total\{event_type="TransactionRecorded",service="contracts"\} 8/,
    );
  });
});
