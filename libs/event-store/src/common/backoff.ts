export interface BackoffOptions {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** Cap: a long outage is retried at this pace, never slower. */
  readonly maxMs: number;
  readonly factor?: number;
  /** Share of the delay that is randomized (0..1) so replicas do not retry in lockstep. */
  readonly jitter?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 10_000, factor: 2, jitter: 0.2 };

/**
 * Delay before retry number `attempt` (1 = first retry): exponential growth from `initialMs`,
 * capped at `maxMs`, with up to `jitter` of it taken off at random.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const factor = options.factor ?? 2;
  const jitter = Math.min(Math.max(options.jitter ?? 0, 0), 1);
  const exponent = Math.max(attempt, 1) - 1;
  const raw = options.initialMs * Math.pow(factor, Math.min(exponent, 64));
  const capped = Math.min(raw, options.maxMs);
  return Math.round(capped * (1 - jitter * random()));
}
