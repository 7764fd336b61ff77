import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { readOutboxParked } from './outbox-parking.statements';
import { OutboxLag, readOutboxLag } from './outbox.statements';

/**
 * `<prefix>_outbox_lag_events` and `<prefix>_outbox_lag_seconds`: the events a relay has not
 * published yet and the age of the oldest, read at scrape time (one read serves both gauges).
 */
export function registerOutboxLagGauges(
  registry: Registry,
  prefix: string,
  dataSource: DataSource,
  schema: string,
  relayName: string,
): void {
  const eventsName = `${prefix}_outbox_lag_events`;
  if (registry.getSingleMetric(eventsName)) return;
  let pending: Promise<OutboxLag | undefined> | undefined;
  const read = (): Promise<OutboxLag | undefined> => {
    pending ??= readOutboxLag(dataSource, schema, relayName)
      .catch(() => undefined)
      .finally(() => (pending = undefined));
    return pending;
  };
  new Gauge({
    name: eventsName,
    help: 'Events appended but not yet published by the outbox relay',
    registers: [registry],
    async collect() {
      const lag = await read();
      if (lag) this.set(lag.events);
    },
  });
  new Gauge({
    name: `${prefix}_outbox_lag_seconds`,
    help: 'Age in seconds of the oldest event the outbox relay has not published yet (0 when caught up)',
    registers: [registry],
    async collect() {
      const lag = await read();
      if (lag) this.set(lag.oldestAgeSeconds);
    },
  });
}

/**
 * `<prefix>_outbox_parked_events{reason}`: events the relay holds back after a broker refusal, per
 * reason (the Kafka error type of a refused event, `WAITING_BEHIND_PARKED` for the later events of its
 * key), read at scrape time on any replica; no series while nothing is parked. ADR 0004, "Parking".
 */
export function registerOutboxParkedGauge(
  registry: Registry,
  prefix: string,
  dataSource: DataSource,
  schema: string,
  relayName: string,
): void {
  const name = `${prefix}_outbox_parked_events`;
  if (registry.getSingleMetric(name)) return;
  new Gauge({
    name,
    help: 'Events the outbox relay holds back after the broker refused one of their key, by reason',
    labelNames: ['reason'],
    registers: [registry],
    async collect() {
      const parked = await readOutboxParked(dataSource, schema, relayName).catch(() => undefined);
      if (!parked) return;
      this.reset();
      for (const [reason, events] of Object.entries(parked.byReason)) this.set({ reason }, events);
    },
  });
}

/**
 * What `/health/ready` shows of a relay's parked events: their count and the first refused event.
 * Readiness stays up (the service still serves; every replica shares the parked events, so turning
 * it down would take them all out of rotation); the metric is what to alert on. ADR 0004.
 */
export async function readOutboxReadiness(
  dataSource: DataSource,
  schema: string,
  relayName: string,
): Promise<Record<string, unknown>> {
  const parked = await readOutboxParked(dataSource, schema, relayName);
  if (!parked.first) return { parkedEvents: parked.events };
  return {
    parkedEvents: parked.events,
    firstParkedEventId: parked.first.eventId,
    firstParkedStreamId: parked.first.streamId,
    firstParkedTopic: parked.first.topic,
    firstParkedReason: `${parked.first.reason}: ${parked.first.reasonMessage}`,
    firstParkedAt: parked.first.parkedAt.toISOString(),
  };
}

/**
 * Everything a service shows of its relay: the lag and parked gauges on `registry` under `prefix`,
 * and the reader of its readiness details (for `/health/ready` under `outbox`).
 */
export function observeOutbox(
  registry: Registry,
  prefix: string,
  dataSource: DataSource,
  schema: string,
  relayName: string,
): () => Promise<Record<string, unknown>> {
  registerOutboxLagGauges(registry, prefix, dataSource, schema, relayName);
  registerOutboxParkedGauge(registry, prefix, dataSource, schema, relayName);
  return () => readOutboxReadiness(dataSource, schema, relayName);
}
