import { Logger } from '@nestjs/common';
import { Clock } from '@app/platform';
import { ProcessRunOptions } from './process-run.options';
import { ProcessRunRepository } from './process-run.repository';
import { RunStopSignal } from './run-stop-signal';

/**
 * The heartbeat of a run's lease: renewed every `heartbeatMs` while the run executes. When a renewal
 * finds the lease gone (another replica took the run over after this one stalled), the run is told
 * to stop; a failed renewal (database briefly away) is retried at the next beat.
 */
export class RunLease {
  private readonly logger = new Logger(RunLease.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly processRunId: string,
    private readonly owner: string,
    private readonly runs: ProcessRunRepository,
    private readonly clock: Clock,
    private readonly options: ProcessRunOptions,
    private readonly signal: RunStopSignal,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.renew(), this.options.heartbeatMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async renew(): Promise<void> {
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
}
