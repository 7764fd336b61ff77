import { Workflow } from '@app/event-contracts';
import { BatchJobDefinition, JobPhase, JobTimer } from './domain';

/** A batch job as the `batch_jobs` table holds it: its definition and its durable timer. */
export interface BatchJob extends BatchJobDefinition, JobTimer {
  readonly batchJobId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface BatchJobRow {
  readonly batch_job_id: string;
  readonly name: string;
  readonly workflow: Workflow;
  readonly job_type: 'None';
  readonly frequency: string;
  /** bigint: `pg` returns it as text. */
  readonly frequency_ms: string;
  readonly is_active: boolean;
  readonly phase: JobPhase;
  readonly next_run_at: Date | null;
  readonly last_process_run_id: string | null;
  readonly created_at: Date;
  readonly updated_at: Date;
}

export const BATCH_JOB_COLUMNS = `batch_job_id, name, workflow, job_type, frequency, frequency_ms::text AS frequency_ms,
  is_active, phase, next_run_at, last_process_run_id, created_at, updated_at`;

export function toBatchJob(row: BatchJobRow): BatchJob {
  return {
    batchJobId: row.batch_job_id,
    name: row.name,
    workflow: row.workflow,
    jobType: row.job_type,
    frequency: row.frequency,
    frequencyMs: Number(row.frequency_ms),
    isActive: row.is_active,
    phase: row.phase,
    nextRunAt: row.next_run_at,
    lastProcessRunId: row.last_process_run_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function timerOf(job: BatchJob): JobTimer {
  const { workflow, frequencyMs, isActive, phase, nextRunAt, lastProcessRunId } = job;
  return { workflow, frequencyMs, isActive, phase, nextRunAt, lastProcessRunId };
}
