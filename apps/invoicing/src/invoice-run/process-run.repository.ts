import { Injectable } from '@nestjs/common';
import { ProcessRunCounts, Workflow } from '@app/event-contracts';
import { DataSource, QueryRunner } from 'typeorm';
import {
  PROCESS_RUN_COLUMNS,
  ProcessRun,
  ProcessRunRow,
  ProcessRunStatus,
  toProcessRun,
} from './process-run.row';
import { affectedRows, queryRows } from '../database';

/** The partial unique index behind "one process run at a time per job" (docs/product.md 5.3). */
export const ONE_RUNNING_PER_JOB_INDEX = 'process_runs_one_running_per_job';

export interface NewProcessRun {
  readonly processRunId: string;
  readonly batchJobId: string;
  readonly workflow: Workflow;
  readonly runDate: string;
  readonly startedAt: Date;
  readonly leaseOwner: string;
  readonly leaseExpiresAt: Date;
}

/** What a run adds to its row after a stretch of contracts: counts are increments. */
export interface RunProgress {
  readonly cursor: string;
  readonly contractsDone: number;
  readonly contractLinesConsidered: number;
  readonly skippedNoTransactions: number;
  readonly skippedNoSchedule: number;
  readonly heldBackByNotToExceed: number;
  readonly invoicesCreated: number;
  readonly contractsParked: number;
}

export interface RunEnding {
  readonly status: Exclude<ProcessRunStatus, 'Running'>;
  readonly endedAt: Date;
  readonly error: string | null;
}

/**
 * SQL over `invoicing.process_runs`. Every write of a running run names its lease owner: a
 * replica that lost its lease changes nothing (0 rows) and learns it from the result.
 */
@Injectable()
export class ProcessRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertRunning(runner: QueryRunner, run: NewProcessRun): Promise<void> {
    await runner.query(
      `INSERT INTO invoicing.process_runs (process_run_id, batch_job_id, workflow, run_date, started_at,
         status, lease_owner, lease_expires_at)
       VALUES ($1, $2, $3, $4, $5, 'Running', $6, $7)`,
      [
        run.processRunId,
        run.batchJobId,
        run.workflow,
        run.runDate,
        run.startedAt,
        run.leaseOwner,
        run.leaseExpiresAt,
      ],
    );
  }

  async findById(processRunId: string): Promise<ProcessRun | null> {
    const rows = (await this.dataSource.query(
      `SELECT ${PROCESS_RUN_COLUMNS} FROM invoicing.process_runs WHERE process_run_id = $1`,
      [processRunId],
    )) as ProcessRunRow[];
    return rows.length === 0 ? null : toProcessRun(rows[0]);
  }

  /** Newest first. */
  async list(batchJobId: string | null, limit: number): Promise<ProcessRun[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${PROCESS_RUN_COLUMNS} FROM invoicing.process_runs
       WHERE ($1::uuid IS NULL OR batch_job_id = $1::uuid)
       ORDER BY started_at DESC, process_run_id LIMIT $2`,
      [batchJobId, limit],
    )) as ProcessRunRow[];
    return rows.map(toProcessRun);
  }

  /**
   * Locks one running run whose owner stopped renewing its lease, skipping runs being taken over
   * right now and the ones this replica still executes (a stalled execution of its own must not
   * gain a twin under the same owner name).
   */
  async lockOneAbandoned(
    runner: QueryRunner,
    now: Date,
    excluding: readonly string[],
  ): Promise<ProcessRun | null> {
    const rows = await queryRows<ProcessRunRow>(
      runner,
      `SELECT ${PROCESS_RUN_COLUMNS} FROM invoicing.process_runs
       WHERE status = 'Running' AND (lease_expires_at IS NULL OR lease_expires_at <= $1)
         AND process_run_id <> ALL($2::uuid[])
       ORDER BY lease_expires_at NULLS FIRST, started_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now, excluding],
    );
    return rows.length === 0 ? null : toProcessRun(rows[0]);
  }

  async takeLease(runner: QueryRunner, processRunId: string, owner: string, expiresAt: Date): Promise<void> {
    await runner.query(
      `UPDATE invoicing.process_runs SET lease_owner = $2, lease_expires_at = $3 WHERE process_run_id = $1`,
      [processRunId, owner, expiresAt],
    );
  }

  /** False when the lease is no longer this owner's: another replica took the run over, or it ended. */
  async renewLease(processRunId: string, owner: string, expiresAt: Date): Promise<boolean> {
    return this.touchRunning(processRunId, owner, 'lease_expires_at = $3', [expiresAt]);
  }

  /**
   * Lets another replica take the run over at once (graceful shutdown). The owner is cleared too,
   * so a heartbeat still in flight here cannot renew the lease it just gave up.
   */
  async releaseLease(processRunId: string, owner: string, now: Date): Promise<boolean> {
    return this.touchRunning(processRunId, owner, 'lease_owner = NULL, lease_expires_at = $3', [now]);
  }

  /**
   * What a run learns before its first chunk: how many contracts are due, and the schedule-less
   * lines of the others (never invoiced, reported as skipped). Absolute values, and only while
   * nothing is recorded yet, so a run taken over before its first chunk does not count them twice.
   */
  async begin(
    processRunId: string,
    owner: string,
    dueContracts: number,
    linesWithoutSchedule: number,
  ): Promise<boolean> {
    return this.touchRunning(
      processRunId,
      owner,
      `progress_total = $3, skipped_no_schedule = $4, contract_lines_considered = $4`,
      [dueContracts, linesWithoutSchedule],
      'AND cursor IS NULL',
    );
  }

  async recordProgress(processRunId: string, owner: string, progress: RunProgress): Promise<boolean> {
    return this.touchRunning(
      processRunId,
      owner,
      `cursor = $3, progress_done = progress_done + $4,
       contract_lines_considered = contract_lines_considered + $5,
       skipped_no_transactions = skipped_no_transactions + $6,
       skipped_no_schedule = skipped_no_schedule + $7,
       held_back_by_not_to_exceed = held_back_by_not_to_exceed + $8,
       invoices_created = invoices_created + $9, contracts_parked = contracts_parked + $10`,
      [
        progress.cursor,
        progress.contractsDone,
        progress.contractLinesConsidered,
        progress.skippedNoTransactions,
        progress.skippedNoSchedule,
        progress.heldBackByNotToExceed,
        progress.invoicesCreated,
        progress.contractsParked,
      ],
    );
  }

  /**
   * Ends a run this owner holds, in the caller's transaction. Invoices and parked contracts are
   * counted from what committed, so a run resumed after a crash still reports them exactly. A run
   * that succeeded has done every due contract, also those a crashed owner finished without living
   * to record them (the other counts of such contracts are lost with it).
   */
  async finish(
    runner: QueryRunner,
    processRunId: string,
    owner: string,
    ending: RunEnding,
  ): Promise<ProcessRun | null> {
    const rows = await queryRows<ProcessRunRow>(
      runner,
      `UPDATE invoicing.process_runs SET status = $3, ended_at = $4, error = $5,
         lease_owner = NULL, lease_expires_at = NULL,
         invoices_created = (SELECT count(*) FROM invoicing.invoices WHERE process_run_id = $1),
         progress_done = CASE WHEN $3 = 'Succeeded' THEN greatest(progress_done, progress_total) ELSE progress_done END,
         contracts_parked = (SELECT count(*) FROM invoicing.parked_contracts WHERE process_run_id = $1)
       WHERE process_run_id = $1 AND lease_owner = $2 AND status = 'Running'
       RETURNING ${PROCESS_RUN_COLUMNS}`,
      [processRunId, owner, ending.status, ending.endedAt, ending.error],
    );
    return rows.length === 0 ? null : toProcessRun(rows[0]);
  }

  /** Contracts this run parked with a reason that starts with `code` (e.g. `PROJECTION_HELD`). */
  async parkedWith(processRunId: string, code: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT contract_id FROM invoicing.parked_contracts
       WHERE process_run_id = $1 AND starts_with(reason, $2) ORDER BY contract_id`,
      [processRunId, `${code}:`],
    )) as { contract_id: string }[];
    return rows.map((row) => row.contract_id);
  }

  private async touchRunning(
    processRunId: string,
    owner: string,
    assignments: string,
    values: unknown[],
    condition = '',
  ): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const touched = await affectedRows(
        runner,
        `UPDATE invoicing.process_runs SET ${assignments}
         WHERE process_run_id = $1 AND lease_owner = $2 AND status = 'Running' ${condition}`,
        [processRunId, owner, ...values],
      );
      return touched === 1;
    } finally {
      await runner.release();
    }
  }
}

export function countsOf(run: ProcessRun): ProcessRunCounts {
  const {
    contractLinesConsidered,
    invoicesCreated,
    skippedNoTransactions,
    skippedNoSchedule,
    heldBackByNotToExceed,
    contractsParked,
  } = run;
  return {
    contractLinesConsidered,
    invoicesCreated,
    skippedNoTransactions,
    skippedNoSchedule,
    heldBackByNotToExceed,
    contractsParked,
  };
}
