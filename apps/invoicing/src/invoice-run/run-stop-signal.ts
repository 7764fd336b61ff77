export type StopReason = 'shutdown' | 'lease-lost';

/**
 * Asks a running process run to stop at its next safe point (between invoice groups). The run
 * checks it; nothing is interrupted mid-transaction.
 */
export class RunStopSignal {
  private stopReason: StopReason | null = null;

  get stopped(): boolean {
    return this.stopReason !== null;
  }

  get reason(): StopReason | null {
    return this.stopReason;
  }

  stop(reason: StopReason): void {
    // Losing the lease outranks a shutdown: a run that lost it must not release someone else's.
    if (this.stopReason === null || reason === 'lease-lost') this.stopReason = reason;
  }
}

/** Thrown inside a run to unwind it to the executor once the signal is set. */
export class RunStopped extends Error {
  override readonly name = 'RunStopped';

  constructor(readonly reason: StopReason) {
    super(`process run stopped: ${reason}`);
  }
}
