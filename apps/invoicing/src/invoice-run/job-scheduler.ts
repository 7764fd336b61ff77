import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ProcessRunLauncher } from './process-run.launcher';
import { PROCESS_RUN_OPTIONS, ProcessRunOptions } from './process-run.options';
import { ProcessRunSupervisor } from './process-run.supervisor';

/**
 * The durable timer's pulse. The timers themselves live in `batch_jobs.next_run_at`; every replica
 * polls for a run whose lease expired (its owner died or shut down) and for a job whose timer
 * expired, and claims it in a transaction only one replica can win. Nothing is kept in memory, so a
 * restart, a crash or a scale-out loses no timer, and a timer that expired while every replica was
 * down fires once when the first one comes back.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private tick: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly launcher: ProcessRunLauncher,
    private readonly supervisor: ProcessRunSupervisor,
    @Inject(PROCESS_RUN_OPTIONS) private readonly options: ProcessRunOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.schedulerEnabled) this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.tick;
  }

  /** Claims and launches whatever is due now; returns how many runs it launched. */
  async pollOnce(): Promise<number> {
    let launched = 0;
    while (
      !this.stopped &&
      this.supervisor.accepting &&
      this.supervisor.activeRuns < this.options.maxConcurrentRuns
    ) {
      const claimed =
        (await this.launcher.takeOverAbandoned(this.supervisor.executing)) ??
        (await this.launcher.startDue());
      if (claimed === null) break;
      this.logger.log(
        `${claimed.resumed ? 'resuming' : 'starting'} process run ${claimed.processRunId} of job ${claimed.batchJobId}`,
      );
      void this.supervisor.launch(claimed);
      launched += 1;
    }
    return launched;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.tick = this.pollOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn(`polling for due jobs failed: ${String(error)}`))
        .finally(() => this.schedule(this.options.pollIntervalMs));
    }, delayMs);
  }
}
