/** Tuning of the scheduler and of process runs; tests shorten the times, operators rarely need to. */
export interface ProcessRunOptions {
  /** Poll the database for expired timers and abandoned runs (default true; off in some tests). */
  readonly schedulerEnabled: boolean;
  /** How often every replica looks for due jobs and expired leases. */
  readonly pollIntervalMs: number;
  /** A run whose owner has not renewed its lease for this long is taken over by another replica. */
  readonly leaseMs: number;
  /** How often the owner renews its lease; well below `leaseMs`. */
  readonly heartbeatMs: number;
  /** A run that reaches no safe point for this long stops renewing its lease (PROCESS_RUN_STALL_MS). */
  readonly stallMs: number;
  /** Due contracts read per page; the run's progress (cursor and counts) is stored after each. */
  readonly chunkSize: number;
  /**
   * Contracts loaded and written per transaction (each behind a savepoint): fewer commits make a run
   * fast; the run stops for shutdown between such batches, so they stay short; and only one batch's
   * billing inputs are in memory at a time, whatever the data size.
   */
  readonly writeBatchSize: number;
  /** A page of `GET /invoice-preview` ends after the load batch that reaches this many invoice details. */
  readonly previewDetailsPerPage: number;
  /** Runs one replica executes at once (of different jobs: a job never has two). */
  readonly maxConcurrentRuns: number;
  /** Attempts per contract when its items were billed concurrently or the database asked for a retry. */
  readonly contractAttempts: number;
  /** How long shutdown waits for runs to reach a safe point before it releases their leases anyway. */
  readonly shutdownGraceMs: number;
  /**
   * How long an invoice run waits, before it selects anything, for the projection to apply
   * `contracts.events` up to the end offsets read at its start; then it fails (docs/adr/0006).
   */
  readonly projectionWaitMs: number;
}

export const PROCESS_RUN_OPTIONS = Symbol('PROCESS_RUN_OPTIONS');

export const DEFAULT_PROCESS_RUN_OPTIONS: ProcessRunOptions = {
  schedulerEnabled: true,
  pollIntervalMs: 500,
  leaseMs: 15_000,
  heartbeatMs: 3_000,
  stallMs: 300_000,
  chunkSize: 200,
  writeBatchSize: 50,
  previewDetailsPerPage: 10_000,
  maxConcurrentRuns: 2,
  contractAttempts: 3,
  shutdownGraceMs: 20_000,
  projectionWaitMs: 60_000,
};

export function processRunOptions(overrides: Partial<ProcessRunOptions> = {}): ProcessRunOptions {
  return { ...DEFAULT_PROCESS_RUN_OPTIONS, ...overrides };
}
