import { nowMs, sleep } from './measure';

export interface SteadyRateOutcome {
  readonly started: number;
  /** Items not started because `maxInFlight` were still unfinished: the system fell behind the rate. */
  readonly shed: number;
  readonly elapsedMs: number;
}

/**
 * Open-loop load at a steady rate: work item i is due at i / rate seconds, whether or not earlier
 * ones have finished, so a slow system shows up as latency instead of as a lower rate (a closed
 * loop would hide it). Past `maxInFlight` unfinished items, due items are shed and counted, so a
 * system that cannot keep up ends the run in bounded time instead of queueing without end.
 * Resolves when every started item has settled.
 */
export async function atSteadyRate(
  ratePerSecond: number,
  durationMs: number,
  work: (index: number) => Promise<void>,
  maxInFlight = Number.POSITIVE_INFINITY,
): Promise<SteadyRateOutcome> {
  const total = Math.floor((ratePerSecond * durationMs) / 1000);
  const inFlight = new Set<Promise<void>>();
  const begin = nowMs();
  let due = 0;
  let started = 0;
  let shed = 0;
  while (due < total) {
    const dueNow = Math.min(total, Math.floor(((nowMs() - begin) * ratePerSecond) / 1000) + 1);
    for (; due < dueNow; due += 1) {
      if (inFlight.size >= maxInFlight) {
        shed += 1;
        continue;
      }
      const item = work(started).catch(() => undefined);
      started += 1;
      inFlight.add(item);
      void item.finally(() => inFlight.delete(item));
    }
    await sleep(2);
  }
  const elapsedMs = nowMs() - begin;
  await Promise.all(inFlight);
  return { started, shed, elapsedMs };
}
