import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CLOCK, Clock } from '@app/platform';
import { ProcessRunExecutor, RunOutcome } from './process-run.executor';
import { ProcessRunMetrics } from './process-run.metrics';
import { PROCESS_RUN_OPTIONS, ProcessRunOptions } from './process-run.options';
import { ProcessRunRepository } from './process-run.repository';
import { ClaimedRun } from './process-run.row';
import { ReplicaIdentity } from './replica-identity';
import { RunStopSignal } from './run-stop-signal';

interface Execution {
  readonly signal: RunStopSignal;
  readonly done: Promise<RunOutcome | 'Crashed'>;
}

/**
 * The runs this replica executes, in the background of the request or poll that claimed them. At
 * shutdown it stops them at their next safe point and waits (bounded) for them to release their
 * leases; a run still busy when the grace period ends has its lease released anyway, so another
 * replica takes over at once instead of after the lease expires.
 */
@Injectable()
export class ProcessRunSupervisor implements OnModuleDestroy {
  private readonly logger = new Logger(ProcessRunSupervisor.name);
  private readonly executions = new Map<string, Execution>();
  private closing = false;

  constructor(
    private readonly executor: ProcessRunExecutor,
    private readonly runs: ProcessRunRepository,
    private readonly replica: ReplicaIdentity,
    private readonly metrics: ProcessRunMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PROCESS_RUN_OPTIONS) private readonly options: ProcessRunOptions,
  ) {}

  get activeRuns(): number {
    return this.executions.size;
  }

  /** The runs this replica is executing now. */
  get executing(): string[] {
    return [...this.executions.keys()];
  }

  get accepting(): boolean {
    return !this.closing;
  }

  /** Executes a claimed run in the background; resolves with how it ended (tests await it). */
  launch(run: ClaimedRun): Promise<RunOutcome | 'Crashed'> {
    if (this.closing) return this.release(run).then(() => 'Released' as const);
    const already = this.executions.get(run.processRunId);
    if (already !== undefined) return already.done;
    const signal = new RunStopSignal();
    const ended = this.metrics.started(run.workflow);
    const done = this.executor
      .execute(run, signal)
      .catch((error: unknown) => {
        this.logger.error(`process run ${run.processRunId} crashed; its lease will expire: ${String(error)}`);
        return 'Crashed' as const;
      })
      .then((outcome) => {
        ended(outcome);
        return outcome;
      });
    this.executions.set(run.processRunId, { signal, done });
    void done.finally(() => this.executions.delete(run.processRunId));
    return done;
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopAll();
  }

  async stopAll(): Promise<void> {
    this.closing = true;
    const running = [...this.executions.entries()];
    for (const [, execution] of running) execution.signal.stop('shutdown');
    const settled = Promise.all(running.map(([, execution]) => execution.done));
    const graceOver = await Promise.race([
      settled.then(() => false),
      delay(this.options.shutdownGraceMs).then(() => true),
    ]);
    if (!graceOver) return;
    await Promise.all(running.map(([processRunId]) => this.releaseById(processRunId)));
  }

  private release(run: ClaimedRun): Promise<void> {
    return this.releaseById(run.processRunId);
  }

  private async releaseById(processRunId: string): Promise<void> {
    await this.runs.releaseLease(processRunId, this.replica.id, this.clock.now()).catch((error: unknown) => {
      this.logger.warn(`process run ${processRunId}: could not release its lease: ${String(error)}`);
    });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
