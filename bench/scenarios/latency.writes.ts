import { TransactionRecorded } from '@app/event-contracts';
import { Client, Notification } from 'pg';
import { transactionBody } from '../data/intake.generator';
import { BenchSizes } from '../support/bench-options';
import { HttpClient } from '../support/http-client';
import { nowMs, pollUntil } from '../support/measure';
import { atSteadyRate } from '../support/steady-rate';

export interface WriteSample {
  readonly sentAt: number;
  /** The REST write's response time. */
  readonly responseMs: number;
  /** From sending the write until the projection committed its row. */
  readonly visibleMs: number;
}

export interface SteadyWrites {
  readonly startedAt: number;
  readonly sent: number;
  readonly failed: number;
  /** Accepted writes that never showed up in the projection within the wait. */
  readonly missing: number;
  readonly achievedRate: number;
  readonly visible: readonly WriteSample[];
}

interface Sent {
  readonly sentAt: number;
  responseMs?: number;
  ok?: boolean;
}

/**
 * Writes one transaction per request at the steady rate and matches each to the notification of
 * its projected row (channel `bench_projected`). Waits up to 30 s after the last write for
 * stragglers; those still missing are counted, not dropped silently.
 */
export async function steadyWrites(
  listener: Client,
  http: HttpClient,
  size: BenchSizes['latency'],
  nextTransaction: (index: number) => TransactionRecorded,
): Promise<SteadyWrites> {
  const visibleAt = new Map<string, number>();
  const onNotification = (message: Notification) => {
    const at = nowMs();
    for (const id of (message.payload ?? '').split(',')) if (id) visibleAt.set(id, at);
  };
  listener.on('notification', onNotification);
  await listener.query('LISTEN bench_projected');
  const sent = new Map<string, Sent>();
  const startedAt = nowMs();
  try {
    const load = await atSteadyRate(size.ratePerSecond, size.seconds * 1000, async (index) => {
      const transaction = nextTransaction(index);
      const { contractId, contractLineId, transactionId } = transaction;
      const record: Sent = { sentAt: nowMs() };
      sent.set(transactionId, record);
      const path = `/contracts/${contractId}/lines/${contractLineId}/transactions`;
      const response = await http
        .request('POST', path, transactionBody(transaction))
        .catch(() => ({ status: 0 }));
      record.responseMs = nowMs() - record.sentAt;
      record.ok = response.status === 201;
    });
    const accepted = [...sent.entries()].filter(([, record]) => record.ok);
    await pollUntil(
      'the last writes to be projected',
      async () => (accepted.every(([id]) => visibleAt.has(id)) ? true : undefined),
      { intervalMs: 100, timeoutMs: 30_000 },
    ).catch(() => undefined);
    const visible = accepted.flatMap(([id, record]) => {
      const at = visibleAt.get(id);
      if (at === undefined) return [];
      return [{ sentAt: record.sentAt, responseMs: record.responseMs!, visibleMs: at - record.sentAt }];
    });
    return {
      startedAt,
      sent: load.started,
      failed: load.started - accepted.length,
      missing: accepted.length - visible.length,
      achievedRate: (load.started * 1000) / load.elapsedMs,
      visible,
    };
  } finally {
    listener.off('notification', onNotification);
    await listener.query('UNLISTEN bench_projected');
  }
}
