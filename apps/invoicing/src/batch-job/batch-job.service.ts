import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { runInTransaction } from '@app/event-store';
import { CLOCK, Clock, DomainError } from '@app/platform';
import { DataSource, QueryRunner } from 'typeorm';
import { isUniqueViolation } from '../database';
import { batchJobNotFound, violationError, violationsError } from './batch-job.errors';
import { BatchJobRepository, ONE_ACTIVE_INVOICE_JOB_INDEX } from './batch-job.repository';
import { BatchJob, timerOf } from './batch-job.row';
import {
  BatchJobRequest,
  JobTimer,
  checkSingleActiveInvoiceJob,
  defineBatchJob,
  newJobTimer,
  onActivated,
  onDeactivated,
} from './domain';

/**
 * The batch job use cases (docs/product.md 4.5): create, activate and deactivate (run now
 * is the invoice run's: `invoice-run/api/run-now.controller.ts`). Rules come from
 * the pure domain; "one active invoice job" is checked there and enforced by a unique index, so two racing
 * requests cannot both succeed.
 */
@Injectable()
export class BatchJobService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: BatchJobRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Creating an active job starts its cycle: a caller sleeps one frequency, a runner is due now. */
  async create(request: BatchJobRequest): Promise<BatchJob> {
    const defined = defineBatchJob(request);
    if (!defined.ok) throw violationsError(defined.violations);
    const now = this.clock.now();
    const job: BatchJob = {
      ...defined.definition,
      ...newJobTimer(defined.definition, now),
      batchJobId: randomUUID(),
      createdAt: now,
      updatedAt: now,
    };
    await this.guardActiveJob(job, async (runner) => {
      if (job.isActive) await this.assertNoOtherActiveInvoiceJob(runner, job);
      await this.jobs.insert(runner, job);
    });
    return job;
  }

  async list(): Promise<BatchJob[]> {
    return this.jobs.list();
  }

  async get(batchJobId: string): Promise<BatchJob> {
    const job = await this.jobs.findById(batchJobId);
    if (job === null) throw batchJobNotFound(batchJobId);
    return job;
  }

  async activate(batchJobId: string): Promise<BatchJob> {
    const { batchJobId: id } = await this.get(batchJobId);
    await this.guardActiveJob({ batchJobId: id }, async (runner) => {
      const job = await this.lock(runner, id);
      const activated = onActivated(timerOf(job), this.clock.now());
      if (!activated.ok) throw violationError(activated.violation, { batchJobId: id });
      await this.assertNoOtherActiveInvoiceJob(runner, job);
      await this.saveTimer(runner, job, activated.value);
    });
    return this.get(id);
  }

  /** Stops the cycle; a run in progress finishes, and the job is Inactive after it. */
  async deactivate(batchJobId: string): Promise<BatchJob> {
    await runInTransaction(this.dataSource, async (runner) => {
      const job = await this.lock(runner, batchJobId);
      await this.saveTimer(runner, job, onDeactivated(timerOf(job)));
    });
    return this.get(batchJobId);
  }

  private async lock(runner: QueryRunner, batchJobId: string): Promise<BatchJob> {
    const job = await this.jobs.lockById(runner, batchJobId);
    if (job === null) throw batchJobNotFound(batchJobId);
    return job;
  }

  private async saveTimer(runner: QueryRunner, job: BatchJob, timer: JobTimer): Promise<void> {
    await this.jobs.saveTimer(runner, job.batchJobId, timer, this.clock.now());
  }

  private async assertNoOtherActiveInvoiceJob(runner: QueryRunner, job: BatchJob): Promise<void> {
    const others = await this.jobs.activeInvoiceJobs(runner);
    const decision = checkSingleActiveInvoiceJob(
      { batchJobId: job.batchJobId, workflow: job.workflow },
      others,
    );
    if (!decision.ok) throw violationError(decision.violation, existingJobDetails(job.batchJobId, others));
  }

  /**
   * Runs a write that may make a job the active invoice job. When another request made a different
   * job active in the meantime, the unique index refuses the commit: answered as the same 409.
   */
  private async guardActiveJob(
    job: Pick<BatchJob, 'batchJobId'>,
    work: (runner: QueryRunner) => Promise<void>,
  ): Promise<void> {
    try {
      await runInTransaction(this.dataSource, work);
    } catch (error) {
      if (!isUniqueViolation(error, ONE_ACTIVE_INVOICE_JOB_INDEX)) throw error;
      const others = await this.jobs.activeInvoiceJobs();
      const existing = others.find((other) => other.batchJobId !== job.batchJobId);
      throw new DomainError(
        'ACTIVE_INVOICE_JOB_EXISTS',
        existing
          ? `invoice job ${existing.batchJobId} ("${existing.name}") is already active`
          : 'another invoice job is already active',
        existingJobDetails(job.batchJobId, others),
      );
    }
  }
}

function existingJobDetails(batchJobId: string, others: readonly BatchJob[]): Record<string, unknown> {
  const existing = others.find((other) => other.batchJobId !== batchJobId);
  return existing ? { existingBatchJobId: existing.batchJobId, existingName: existing.name } : {};
}
