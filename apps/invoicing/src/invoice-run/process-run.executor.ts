import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventStore, runInTransaction } from '@app/event-store';
import { CLOCK, Clock } from '@app/platform';
import { DataSource } from 'typeorm';
import { BatchJobRepository, timerOf } from '../batch-job';
import { onRunEnded } from '../batch-job/domain';
import { RoleUtilizationUpdater } from '../role-utilization';
import { InvoiceRunWorkflow } from './invoice-run.workflow';
import { appendProcessRunEnded } from './process-run.events';
import { PROCESS_RUN_OPTIONS, ProcessRunOptions } from './process-run.options';
import { ProcessRunRepository, RunEnding } from './process-run.repository';
import { ClaimedRun } from './process-run.row';
import { ReplicaIdentity } from './replica-identity';
import { RunLease } from './run-lease';
import { RunStopSignal, RunStopped } from './run-stop-signal';

export type RunOutcome = 'Succeeded' | 'Failed' | 'Released' | 'LeaseLost' | 'Stalled';

/**
 * Executes one claimed run under its lease: the job's workflow, then the ending. The ending is one
 * transaction: the run's row (status, end time E, counts), the job's timer (`nextRunAt = E +
 * frequency`, from the same clock reading) and ProcessRunCompleted or ProcessRunFailed. A run told
 * to stop for shutdown releases its lease so another replica continues at once; one that lost its
 * lease leaves everything to the replica that has it.
 */
@Injectable()
export class ProcessRunExecutor {
  private readonly logger = new Logger(ProcessRunExecutor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: BatchJobRepository,
    private readonly runs: ProcessRunRepository,
    private readonly invoiceRun: InvoiceRunWorkflow,
    private readonly utilization: RoleUtilizationUpdater,
    private readonly replica: ReplicaIdentity,
    private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PROCESS_RUN_OPTIONS) private readonly options: ProcessRunOptions,
  ) {}

  async execute(run: ClaimedRun, signal: RunStopSignal): Promise<RunOutcome> {
    const lease = new RunLease(
      run.processRunId,
      this.replica.id,
      this.runs,
      this.clock,
      this.options,
      signal,
    );
    lease.start();
    try {
      await this.runWorkflow(run, signal);
      return await this.end(run, { status: 'Succeeded', error: null });
    } catch (error) {
      if (error instanceof RunStopped) return this.afterStop(run, error);
      this.logger.error(`process run ${run.processRunId} failed: ${describe(error)}`);
      return this.end(run, { status: 'Failed', error: describe(error) });
    } finally {
      lease.stop();
    }
  }

  private async runWorkflow(run: ClaimedRun, signal: RunStopSignal): Promise<void> {
    if (run.workflow === 'UpdateRoleUtilization') await this.utilization.update(run.runDate);
    else await this.invoiceRun.execute(run, signal);
  }

  private async end(run: ClaimedRun, ending: Omit<RunEnding, 'endedAt'>): Promise<RunOutcome> {
    const ended = await runInTransaction(this.dataSource, async (runner) => {
      // The job row first, as a start locks it first: a start and an ending never deadlock.
      const job = await this.jobs.lockById(runner, run.batchJobId);
      const endedAt = this.clock.now();
      const finished = await this.runs.finish(runner, run.processRunId, this.replica.id, {
        ...ending,
        endedAt,
      });
      if (finished === null) return false;
      if (job !== null && job.lastProcessRunId === run.processRunId) {
        const next = onRunEnded(timerOf(job), endedAt);
        if (next.ok) await this.jobs.saveTimer(runner, job.batchJobId, next.value, endedAt);
      }
      await appendProcessRunEnded(this.eventStore, runner, finished);
      return true;
    });
    return ended ? ending.status : 'LeaseLost';
  }

  private async afterStop(run: ClaimedRun, stop: RunStopped): Promise<RunOutcome> {
    if (stop.reason === 'lease-lost') {
      this.logger.warn(`process run ${run.processRunId}: another replica holds it now`);
      return 'LeaseLost';
    }
    if (stop.reason === 'stalled') {
      // The lease was left to expire: whichever replica claims the run next continues it.
      this.logger.warn(`process run ${run.processRunId}: stopped after it stalled, lease left to expire`);
      return 'Stalled';
    }
    await this.runs.releaseLease(run.processRunId, this.replica.id, this.clock.now());
    this.logger.log(`process run ${run.processRunId}: stopped for shutdown, lease released`);
    return 'Released';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
