import { ProcessRunCounts, Workflow } from '@app/event-contracts';

export type ProcessRunStatus = 'Running' | 'Succeeded' | 'Failed';

/** A process run as `process_runs` holds it (docs/product.md 4.5), with its lease and resume cursor. */
export interface ProcessRun extends ProcessRunCounts {
  readonly processRunId: string;
  readonly batchJobId: string;
  readonly workflow: Workflow;
  readonly runDate: string;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly status: ProcessRunStatus;
  readonly progress: { readonly done: number; readonly total: number };
  /** The last contract id whose invoicing is complete; the run resumes after it. */
  readonly cursor: string | null;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: Date | null;
  readonly error: string | null;
}

export interface ProcessRunRow {
  readonly process_run_id: string;
  readonly batch_job_id: string;
  readonly workflow: Workflow;
  readonly run_date: string;
  readonly started_at: Date;
  readonly ended_at: Date | null;
  readonly status: ProcessRunStatus;
  readonly contract_lines_considered: number;
  readonly invoices_created: number;
  readonly skipped_no_transactions: number;
  readonly skipped_no_schedule: number;
  readonly held_back_by_not_to_exceed: number;
  readonly contracts_parked: number;
  readonly progress_done: number;
  readonly progress_total: number;
  readonly cursor: string | null;
  readonly lease_owner: string | null;
  readonly lease_expires_at: Date | null;
  readonly error: string | null;
}

export const PROCESS_RUN_COLUMNS = `process_run_id, batch_job_id, workflow,
  to_char(run_date, 'YYYY-MM-DD') AS run_date, started_at, ended_at, status, contract_lines_considered,
  invoices_created, skipped_no_transactions, skipped_no_schedule, held_back_by_not_to_exceed,
  contracts_parked, progress_done, progress_total, cursor, lease_owner, lease_expires_at, error`;

export function toProcessRun(row: ProcessRunRow): ProcessRun {
  return {
    processRunId: row.process_run_id,
    batchJobId: row.batch_job_id,
    workflow: row.workflow,
    runDate: row.run_date,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    status: row.status,
    contractLinesConsidered: row.contract_lines_considered,
    invoicesCreated: row.invoices_created,
    skippedNoTransactions: row.skipped_no_transactions,
    skippedNoSchedule: row.skipped_no_schedule,
    heldBackByNotToExceed: row.held_back_by_not_to_exceed,
    contractsParked: row.contracts_parked,
    progress: { done: row.progress_done, total: row.progress_total },
    cursor: row.cursor,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    error: row.error,
  };
}

/** A run this replica holds the lease of and is about to execute (a fresh start or a take-over). */
export interface ClaimedRun {
  readonly processRunId: string;
  readonly batchJobId: string;
  readonly workflow: Workflow;
  readonly runDate: string;
  readonly startedAt: Date;
  readonly cursor: string | null;
  readonly progressTotal: number;
  /** True when another replica started the run and this one continues it. */
  readonly resumed: boolean;
}

export function claimedFrom(run: ProcessRun, resumed: boolean): ClaimedRun {
  const { processRunId, batchJobId, workflow, runDate, startedAt, cursor } = run;
  return {
    processRunId,
    batchJobId,
    workflow,
    runDate,
    startedAt,
    cursor,
    progressTotal: run.progress.total,
    resumed,
  };
}
