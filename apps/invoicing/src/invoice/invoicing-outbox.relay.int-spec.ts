import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { EventEnvelope, ProcessRunStarted, schemaVersionOf } from '@app/event-contracts';
import { MetricsRegistry, ReadinessDetails } from '@app/platform';
import { consumeAll, testKafka, waitFor } from '@app/testing';
import { ConfigResourceTypes } from 'kafkajs';
import { DataSource } from 'typeorm';
import { InvoiceMetrics } from './invoice.metrics';
import { InvoicingOutboxRelay } from './invoicing-outbox.relay';
import { PROCESS_RUN_STREAM_TYPE } from './invoice-streams';
import { InvoicingTestApp, startInvoicingApp } from '../../test/invoicing-test-app';

describe('the invoicing outbox relay (real PostgreSQL and Kafka)', () => {
  let sut: InvoicingTestApp;

  beforeAll(async () => {
    // Parked events are tried again every second here (five minutes by default).
    sut = await startInvoicingApp({ OUTBOX_PARKED_RETRY_MS: '1000' });
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
      { eventType: 'ProcessRunStarted', schemaVersion: schemaVersionOf('ProcessRunStarted'), data: started },
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

  it('reports its lag, events and seconds, in the metrics, and none once it has published', async () => {
    await appendStarted(aProcessRunStarted());
    const metric = async (name: string) =>
      (await sut.service.app.get(MetricsRegistry, { strict: false }).registry.getSingleMetric(name)!.get())
        .values[0]?.value;

    await sut.relay.waitUntilCaughtUp();

    await waitFor(async () => (await metric('invoicing_outbox_lag_events')) === 0, {
      description: 'no lag left',
    });
    expect(await metric('invoicing_outbox_lag_seconds')).toBe(0);
  });

  async function setMaxMessageBytes(topic: string, bytes: number): Promise<void> {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topic,
            configEntries: [{ name: 'max.message.bytes', value: String(bytes) }],
          },
        ],
      });
    } finally {
      await admin.disconnect();
    }
  }

  it('parks an event the broker refuses, says so in the metrics and the readiness details, staying ready, and publishes it once the topic takes it', async () => {
    const topic = sut.service.config.kafka.topics.processRuns;
    await setMaxMessageBytes(topic, 10_000);
    // The relay publishes what the store holds: an extra field, gzip or not, makes the record too large.
    const tooLarge = Object.assign(aProcessRunStarted(), { note: randomBytes(20_000).toString('base64') });
    const { eventIds } = await appendStarted(tooLarge);
    const next = aProcessRunStarted();
    await appendStarted(next);

    await sut.relay.waitUntilCaughtUp();

    expect(await consumeRun(next.processRunId)).toHaveLength(1);
    const response = await request(sut.service.app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: {
        outbox: {
          status: 'up',
          parkedEvents: 1,
          firstParkedEventId: eventIds[0],
          firstParkedStreamId: tooLarge.processRunId,
          firstParkedTopic: topic,
          firstParkedReason: expect.stringMatching(/^MESSAGE_TOO_LARGE: /),
        },
      },
    });
    const metrics = await sut.service.app.get(MetricsRegistry, { strict: false }).registry.metrics();
    expect(metrics).toMatch(
      /^invoicing_outbox_parked_events\{reason="MESSAGE_TOO_LARGE",service="invoicing"\} 1$/m,
    );

    await setMaxMessageBytes(topic, 1_000_000);
    expect(await consumeRun(tooLarge.processRunId)).toHaveLength(1);
    await waitFor(
      async () => {
        const ready = await request(sut.service.app.getHttpServer()).get('/health/ready').expect(200);
        return ready.body.info.outbox.parkedEvents === 0;
      },
      { description: 'no parked event left' },
    );
  });

  it('hands publishing over to another replica once the leader stops', async () => {
    const standby = new InvoicingOutboxRelay(
      sut.service.config,
      testKafka(),
      sut.service.app.get(InvoiceMetrics, { strict: false }),
      sut.service.app.get(MetricsRegistry, { strict: false }),
      sut.service.app.get(DataSource, { strict: false }),
      new ReadinessDetails(),
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
