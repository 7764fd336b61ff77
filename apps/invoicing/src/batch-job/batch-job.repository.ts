import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { affectedRows, queryRows } from '../database';
import { BATCH_JOB_COLUMNS, BatchJob, BatchJobRow, toBatchJob } from './batch-job.row';
import { JobTimer } from './domain';

/** The partial unique index behind "one active invoice job" (docs/product.md 2.5). */
export const ONE_ACTIVE_INVOICE_JOB_INDEX = 'batch_jobs_one_active_invoice_job';

/**
 * SQL over `invoicing.batch_jobs`. Methods taking a query runner run inside the caller's
 * transaction; the others read from the pool.
 */
@Injectable()
export class BatchJobRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(runner: QueryRunner, job: BatchJob): Promise<void> {
    await runner.query(
      `INSERT INTO invoicing.batch_jobs (batch_job_id, name, workflow, job_type, frequency, frequency_ms,
         is_active, phase, next_run_at, last_process_run_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        job.batchJobId,
        job.name,
        job.workflow,
        job.jobType,
        job.frequency,
        job.frequencyMs,
        job.isActive,
        job.phase,
        job.nextRunAt,
        job.lastProcessRunId,
        job.createdAt,
        job.updatedAt,
      ],
    );
  }

  async findById(batchJobId: string): Promise<BatchJob | null> {
    const rows = (await this.dataSource.query(
      `SELECT ${BATCH_JOB_COLUMNS} FROM invoicing.batch_jobs WHERE batch_job_id = $1`,
      [batchJobId],
    )) as BatchJobRow[];
    return rows.length === 0 ? null : toBatchJob(rows[0]);
  }

  /** Locks the job's row until the caller's transaction ends: timer transitions are serialized. */
  async lockById(runner: QueryRunner, batchJobId: string): Promise<BatchJob | null> {
    const rows = await queryRows<BatchJobRow>(
      runner,
      `SELECT ${BATCH_JOB_COLUMNS} FROM invoicing.batch_jobs WHERE batch_job_id = $1 FOR UPDATE`,
      [batchJobId],
    );
    return rows.length === 0 ? null : toBatchJob(rows[0]);
  }

  /**
   * Locks one job whose timer has expired, skipping jobs another replica is claiming right now:
   * the replica that gets the lock claims it, the others see it running once it commits.
   */
  async lockOneDue(runner: QueryRunner, now: Date): Promise<BatchJob | null> {
    const rows = await queryRows<BatchJobRow>(
      runner,
      `SELECT ${BATCH_JOB_COLUMNS} FROM invoicing.batch_jobs
       WHERE is_active AND phase = 'Sleeping' AND next_run_at <= $1
       ORDER BY next_run_at, batch_job_id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    return rows.length === 0 ? null : toBatchJob(rows[0]);
  }

  async list(): Promise<BatchJob[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${BATCH_JOB_COLUMNS} FROM invoicing.batch_jobs ORDER BY created_at, batch_job_id`,
    )) as BatchJobRow[];
    return rows.map(toBatchJob);
  }

  async activeInvoiceJobs(runner?: QueryRunner): Promise<BatchJob[]> {
    const sql = `SELECT ${BATCH_JOB_COLUMNS} FROM invoicing.batch_jobs
      WHERE is_active AND workflow IN ('ProcessRunCaller', 'ProcessRunner') ORDER BY created_at`;
    const rows = runner
      ? await queryRows<BatchJobRow>(runner, sql)
      : ((await this.dataSource.query(sql)) as BatchJobRow[]);
    return rows.map(toBatchJob);
  }

  /** Stores a timer transition decided by the domain on a row the caller has locked. */
  async saveTimer(runner: QueryRunner, batchJobId: string, timer: JobTimer, now: Date): Promise<void> {
    const touched = await affectedRows(
      runner,
      `UPDATE invoicing.batch_jobs
       SET is_active = $2, phase = $3, next_run_at = $4, last_process_run_id = $5, updated_at = $6
       WHERE batch_job_id = $1`,
      [batchJobId, timer.isActive, timer.phase, timer.nextRunAt, timer.lastProcessRunId, now],
    );
    if (touched !== 1) throw new Error(`batch job ${batchJobId} vanished while its timer changed`);
  }
}
