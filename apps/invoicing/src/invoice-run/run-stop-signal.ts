export type StopReason = 'shutdown' | 'lease-lost' | 'stalled';

/**
 * Asks a running process run to stop at its next safe point (between invoice groups). The run
 * checks it; nothing is interrupted mid-transaction. Each safe point the run reaches also counts as
 * progress, which the lease watches: a run that reaches none for `PROCESS_RUN_STALL_MS` gives its
 * lease up (ADR 0006).
 */
export class RunStopSignal {
  private stopReason: StopReason | null = null;
  private marks = 0;

  /** How many safe points the run has reached; only its changes matter. */
  get progressMarks(): number {
    return this.marks;
  }

  /** The run reached a safe point: an invoice group written, a batch or page of contracts done. */
  progressed(): void {
    this.marks += 1;
  }

  get stopped(): boolean {
    return this.stopReason !== null;
  }

  get reason(): StopReason | null {
    return this.stopReason;
  }

  stop(reason: StopReason): void {
    // Losing or giving up the lease outranks a shutdown: such a run must not release a lease that
    // may be someone else's by now.
    if (this.stopReason === null || this.stopReason === 'shutdown') this.stopReason = reason;
  }
}

/** Thrown inside a run to unwind it to the executor once the signal is set. */
export class RunStopped extends Error {
  override readonly name = 'RunStopped';

  constructor(readonly reason: StopReason) {
    super(`process run stopped: ${reason}`);
  }
}
