import { Logger } from '@nestjs/common';
import { Clock } from '@app/platform';
import { ProcessRunOptions } from './process-run.options';
import { ProcessRunRepository } from './process-run.repository';
import { RunStopSignal } from './run-stop-signal';

/**
 * The heartbeat of a run's lease: renewed every `heartbeatMs` while the run executes. When a renewal
 * finds the lease gone (another replica took the run over after this one stalled), the run is told
 * to stop; a failed renewal (database briefly away) is retried at the next beat. A heartbeat proves
 * only that the replica lives, not that the run moves: when the run has reached no safe point for
 * `stallMs` (stuck on a lock, a dead connection, a call that never answers), the lease is no longer
 * renewed, so it expires and another replica takes the run over (ADR 0006).
 */
export class RunLease {
  private readonly logger = new Logger(RunLease.name);
  private timer: NodeJS.Timeout | null = null;
  private lastMarks = 0;
  private lastProgressAt = 0;

  constructor(
    private readonly processRunId: string,
    private readonly owner: string,
    private readonly runs: ProcessRunRepository,
    private readonly clock: Clock,
    private readonly options: ProcessRunOptions,
    private readonly signal: RunStopSignal,
  ) {}

  start(): void {
    this.lastMarks = this.signal.progressMarks;
    this.lastProgressAt = this.clock.now().getTime();
    this.timer = setInterval(() => void this.renew(), this.options.heartbeatMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async renew(): Promise<void> {
    if (this.stalled()) return;
    const expiresAt = new Date(this.clock.now().getTime() + this.options.leaseMs);
    try {
      const held = await this.runs.renewLease(this.processRunId, this.owner, expiresAt);
      if (!held && this.timer !== null) {
        this.logger.warn(`process run ${this.processRunId}: lease lost, stopping`);
        this.signal.stop('lease-lost');
      }
    } catch (error) {
      this.logger.warn(`process run ${this.processRunId}: lease renewal failed: ${String(error)}`);
    }
  }

  private stalled(): boolean {
    const now = this.clock.now().getTime();
    if (this.signal.progressMarks !== this.lastMarks) {
      this.lastMarks = this.signal.progressMarks;
      this.lastProgressAt = now;
      return false;
    }
    if (now - this.lastProgressAt < this.options.stallMs) return false;
    this.logger.error(
      `process run ${this.processRunId}: no progress for ${now - this.lastProgressAt} ms, ` +
        'giving up its lease so another replica takes the run over',
    );
    this.stop();
    this.signal.stop('stalled');
    return true;
  }
}
