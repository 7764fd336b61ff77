import { randomUUID } from 'node:crypto';
import { EventEnvelope, ProcessRunStarted } from '@app/event-contracts';
import { consumeAll, testKafka, waitFor } from '@app/testing';
import { InvoiceMetrics } from './invoice.metrics';
import { InvoicingOutboxRelay } from './invoicing-outbox.relay';
import { PROCESS_RUN_STREAM_TYPE } from './invoice-streams';
import { InvoicingTestApp, startInvoicingApp } from './testing/invoicing-test-app';

describe('the invoicing outbox relay (real PostgreSQL and Kafka)', () => {
  let sut: InvoicingTestApp;

  beforeAll(async () => {
    sut = await startInvoicingApp();
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('leads on a single replica once the service is up', async () => {
    await waitFor(() => sut.relay.isLeader(), { description: 'relay leadership' });
  });

  function aProcessRunStarted(): ProcessRunStarted {
    return {
      processRunId: randomUUID(),
      batchJobId: randomUUID(),
      workflow: 'ProcessRunner',
      runDate: '2024-03-02',
      startedAt: '2024-03-02T08:00:00.000Z',
    };
  }

  const appendStarted = (started: ProcessRunStarted) =>
    sut.eventStore.append(started.processRunId, PROCESS_RUN_STREAM_TYPE, 'no-stream', [
      { eventType: 'ProcessRunStarted', data: started },
    ]);

  const consumeRun = (processRunId: string) =>
    consumeAll<EventEnvelope>(sut.service.config.kafka.topics.processRuns, {
      until: (all) => all.some((m) => m.value.streamId === processRunId),
    }).then((all) => all.filter((m) => m.value.streamId === processRunId));

  it('publishes process-run events to the process-runs topic keyed by batch job, with the envelope headers', async () => {
    const started = aProcessRunStarted();
    const { eventIds } = await appendStarted(started);

    await sut.relay.waitUntilCaughtUp();
    const [message] = await consumeRun(started.processRunId);

    expect(message.key).toBe(started.batchJobId);
    expect(message.headers).toEqual({
      'event-type': 'ProcessRunStarted',
      'event-id': eventIds[0],
      'schema-version': '1',
    });
    expect(message.value).toMatchObject({
      eventId: eventIds[0],
      eventType: 'ProcessRunStarted',
      streamVersion: 1,
      data: started,
    });
  });

  it('hands publishing over to another replica once the leader stops', async () => {
    const standby = new InvoicingOutboxRelay(
      sut.service.config,
      testKafka(),
      sut.service.app.get(InvoiceMetrics, { strict: false }),
    );
    standby.onApplicationBootstrap();
    try {
      await sut.relay.onModuleDestroy();
      await waitFor(() => standby.isLeader(), { timeoutMs: 15_000, description: 'standby leadership' });
      const started = aProcessRunStarted();
      await appendStarted(started);

      await standby.waitUntilCaughtUp();

      expect(await consumeRun(started.processRunId)).toHaveLength(1);
    } finally {
      await standby.onModuleDestroy();
    }
  });
});
