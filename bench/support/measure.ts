/** Timing helpers: monotonic clock, per-second rates, percentiles, bounded waiting. */

export function nowMs(): number {
  return performance.now();
}

export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ readonly value: T; readonly ms: number }> {
  const started = nowMs();
  const value = await work();
  return { value, ms: nowMs() - started };
}

/** Nearest-rank percentile of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` every `intervalMs` until it returns a value other than undefined; throws after
 * `timeoutMs` naming `what`, so no benchmark waits forever on a stuck service.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { intervalMs = 100, timeoutMs = 600_000 }: { intervalMs?: number; timeoutMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export function mebibytes(bytes: number): number {
  return bytes / 2 ** 20;
}
