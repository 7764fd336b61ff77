import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EventStore, runInTransaction } from '@app/event-store';
import { businessDate, CLOCK, Clock, DomainError, PLATFORM_CONFIG, PlatformConfig } from '@app/platform';
import { DataSource, QueryRunner } from 'typeorm';
import { BatchJob, batchJobNotFound, BatchJobRepository, timerOf, violationError } from '../batch-job';
import { checkRunDateNotInFuture, isDue, onRunStarted } from '../batch-job/domain';
import { appendProcessRunStarted } from './process-run.events';
import { PROCESS_RUN_OPTIONS, ProcessRunOptions } from './process-run.options';
import { ONE_RUNNING_PER_JOB_INDEX, ProcessRunRepository } from './process-run.repository';
import { ClaimedRun, claimedFrom } from './process-run.row';
import { ReplicaIdentity } from './replica-identity';
import { isUniqueViolation } from '../database';

/**
 * Starts process runs and takes abandoned ones over. A start is one transaction: the job's timer
 * moves to Running, the run's row is inserted with this replica's lease, and ProcessRunStarted is
 * appended. The job row lock and the "one Running run per job" index make sure only one replica
 * wins, and a timer that expired long ago fires once.
 */
@Injectable()
export class ProcessRunLauncher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: BatchJobRepository,
    private readonly runs: ProcessRunRepository,
    private readonly replica: ReplicaIdentity,
    private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(PROCESS_RUN_OPTIONS) private readonly options: ProcessRunOptions,
  ) {}

  /** Claims the run of one job whose timer has expired, if there is one. */
  async startDue(): Promise<ClaimedRun | null> {
    return runInTransaction(this.dataSource, async (runner) => {
      const now = this.clock.now();
      const job = await this.jobs.lockOneDue(runner, now);
      if (job === null || !isDue(timerOf(job), now)) return null;
      return this.start(runner, job, now, this.runDateAt(now));
    });
  }

  /** An operator's run-now; `runDate` defaults to today in the business time zone, and is never later. */
  async startNow(batchJobId: string, runDate?: string): Promise<ClaimedRun> {
    if (runDate !== undefined) {
      const checked = checkRunDateNotInFuture(runDate, this.runDateAt(this.clock.now()));
      if (!checked.ok) throw violationError(checked.violation, { batchJobId });
    }
    try {
      return await runInTransaction(this.dataSource, async (runner) => {
        const job = await this.jobs.lockById(runner, batchJobId);
        if (job === null) throw batchJobNotFound(batchJobId);
        const now = this.clock.now();
        return this.start(runner, job, now, runDate ?? this.runDateAt(now));
      });
    } catch (error) {
      if (!isUniqueViolation(error, ONE_RUNNING_PER_JOB_INDEX)) throw error;
      throw new DomainError('RUN_IN_PROGRESS', 'a process run of this job is in progress', { batchJobId });
    }
  }

  /**
   * Takes over one run whose owner stopped renewing its lease (crashed, or shut down), other than
   * the runs this replica is executing itself.
   */
  async takeOverAbandoned(executing: readonly string[] = []): Promise<ClaimedRun | null> {
    return runInTransaction(this.dataSource, async (runner) => {
      const now = this.clock.now();
      const run = await this.runs.lockOneAbandoned(runner, now, executing);
      if (run === null) return null;
      await this.runs.takeLease(runner, run.processRunId, this.replica.id, this.leaseUntil(now));
      return claimedFrom(run, true);
    });
  }

  private async start(runner: QueryRunner, job: BatchJob, now: Date, runDate: string): Promise<ClaimedRun> {
    const processRunId = randomUUID();
    const started = onRunStarted(timerOf(job), processRunId);
    if (!started.ok) {
      throw violationError(started.violation, {
        batchJobId: job.batchJobId,
        processRunId: job.lastProcessRunId,
      });
    }
    await this.jobs.saveTimer(runner, job.batchJobId, started.value, now);
    await this.runs.insertRunning(runner, {
      processRunId,
      batchJobId: job.batchJobId,
      workflow: job.workflow,
      runDate,
      startedAt: now,
      leaseOwner: this.replica.id,
      leaseExpiresAt: this.leaseUntil(now),
    });
    const event = {
      processRunId,
      batchJobId: job.batchJobId,
      workflow: job.workflow,
      runDate,
      startedAt: now.toISOString(),
    };
    await appendProcessRunStarted(this.eventStore, runner, event, now);
    return {
      processRunId,
      batchJobId: job.batchJobId,
      workflow: job.workflow,
      runDate,
      startedAt: now,
      cursor: null,
      progressTotal: 0,
      resumed: false,
    };
  }

  private runDateAt(now: Date): string {
    // The run date is the business date of the run's start (docs/product.md 3).
    return businessDate(now, this.config.businessTimeZone);
  }

  private leaseUntil(now: Date): Date {
    return new Date(now.getTime() + this.options.leaseMs);
  }
}
