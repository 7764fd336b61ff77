import { TransactionRecorded } from '@app/event-contracts';
import { Client, Notification } from 'pg';
import { requestItem, transactionBody } from '../data/intake.generator';
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
  /** Transactions sent. */
  readonly sent: number;
  /** Transactions never sent because too many were unanswered: the service could not keep the rate. */
  readonly shed: number;
  readonly failed: number;
  /** Failed requests by HTTP status (0: no answer). */
  readonly failures: Readonly<Record<string, number>>;
  /** Accepted writes that never showed up in the projection within the wait. */
  readonly missing: number;
  /** Transactions per second actually sent. */
  readonly achievedRate: number;
  readonly visible: readonly WriteSample[];
}

export interface SteadyWritesPlan {
  readonly transactionsPerSecond: number;
  readonly seconds: number;
  /** 1: `POST .../lines/{lineId}/transactions`; more: `POST .../transactions/batch` of that many. */
  readonly perRequest: number;
  /** The transactions of one request, all on one contract. */
  readonly nextRequest: (index: number) => readonly TransactionRecorded[];
}

interface Sent {
  readonly sentAt: number;
  responseMs?: number;
  ok?: boolean;
}

/** More than this many seconds of writes unanswered: the rate is not sustained, stop adding to it. */
const MAX_BACKLOG_SECONDS = 4;

function requestOf(transactions: readonly TransactionRecorded[]): { path: string; body: unknown } {
  const [first] = transactions;
  if (transactions.length === 1) {
    const path = `/contracts/${first.contractId}/lines/${first.contractLineId}/transactions`;
    return { path, body: transactionBody(first) };
  }
  const body = { transactions: transactions.map(requestItem) };
  return { path: `/contracts/${first.contractId}/transactions/batch`, body };
}

/**
 * Writes transactions at a steady rate and matches each to the notification of its projected row
 * (channel `bench_projected`). Waits up to 30 s after the last write for stragglers; those still
 * missing are counted, not dropped silently.
 */
export async function steadyWrites(
  listener: Client,
  http: HttpClient,
  plan: SteadyWritesPlan,
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
  const requestsPerSecond = plan.transactionsPerSecond / plan.perRequest;
  const failures: Record<string, number> = {};
  try {
    const load = await atSteadyRate(
      requestsPerSecond,
      plan.seconds * 1000,
      async (index) => {
        const transactions = plan.nextRequest(index);
        const record: Sent = { sentAt: nowMs() };
        for (const t of transactions) sent.set(t.transactionId, record);
        const { path, body } = requestOf(transactions);
        const response = await http.request('POST', path, body).catch(() => ({ status: 0 }));
        record.responseMs = nowMs() - record.sentAt;
        record.ok = response.status === 201;
        if (!record.ok) failures[response.status] = (failures[response.status] ?? 0) + 1;
      },
      requestsPerSecond * MAX_BACKLOG_SECONDS,
    );
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
      sent: sent.size,
      shed: load.shed * plan.perRequest,
      failed: sent.size - accepted.length,
      failures,
      missing: accepted.length - visible.length,
      achievedRate: (sent.size * 1000) / load.elapsedMs,
      visible,
    };
  } finally {
    listener.off('notification', onNotification);
    await listener.query('UNLISTEN bench_projected');
  }
}
