import { nowMs, sleep } from './measure';

/**
 * Open-loop load at a steady rate: work item i starts at i / rate seconds, whether or not earlier
 * ones have finished, so a slow system shows up as latency instead of as a lower rate (a closed
 * loop would hide it). Resolves when every started item has settled.
 */
export async function atSteadyRate(
  ratePerSecond: number,
  durationMs: number,
  work: (index: number) => Promise<void>,
): Promise<{ readonly started: number; readonly elapsedMs: number }> {
  const total = Math.floor((ratePerSecond * durationMs) / 1000);
  const inFlight = new Set<Promise<void>>();
  const begin = nowMs();
  let started = 0;
  while (started < total) {
    const due = Math.min(total, Math.floor(((nowMs() - begin) * ratePerSecond) / 1000) + 1);
    for (; started < due; started += 1) {
      const item = work(started).catch(() => undefined);
      inFlight.add(item);
      void item.finally(() => inFlight.delete(item));
    }
    await sleep(2);
  }
  const elapsedMs = nowMs() - begin;
  await Promise.all(inFlight);
  return { started, elapsedMs };
}
