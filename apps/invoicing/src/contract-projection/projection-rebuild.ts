import { runInTransaction } from '@app/event-store';
import { HttpStatus } from '@nestjs/common';
import { DomainError, DomainErrorStatusTable } from '@app/platform';
import { DataSource, QueryRunner } from 'typeorm';
import { queryRows } from '../database/sql';

/** How the projection's refusals map to HTTP statuses (merged into the root module's table). */
export const PROJECTION_ERROR_STATUSES: DomainErrorStatusTable = {
  PROCESS_RUN_IN_PROGRESS: HttpStatus.CONFLICT,
};

/** The tables the projection derives from `contracts.events`; a rebuild empties exactly these. */
const PROJECTED_TABLES = [
  'invoicing.transactions',
  'invoicing.milestones',
  'invoicing.schedule_entries',
  'invoicing.projected_lines',
  'invoicing.projected_contracts',
  'invoicing.projection_pending_events',
];

/**
 * Starts a rebuild: in one transaction, remembers the billing facts the events do not carry,
 * empties the projected tables and moves to the next generation, whose consumer group reads
 * `contracts.events` from the beginning. Invoices, batch jobs and process runs stay as they are.
 *
 * Billing facts: a transaction or milestone is billed when an invoice that is neither cancelled nor
 * corrective lists it (derived from the invoices' documents, the invoices being the truth);
 * schedule entry run statuses are kept from the entries themselves. Replayed rows get them back
 * as they are inserted, so nothing is billed twice while the projection catches up.
 * Refused while a process run is running: a run's chunks must not straddle two read models.
 */
export async function rebuildProjection(dataSource: DataSource): Promise<{ generation: number }> {
  return runInTransaction(dataSource, async (runner) => {
    // Same order as a projected batch (state row, then tables), so the two never deadlock.
    const [state] = await queryRows<{ generation: number }>(
      runner,
      'SELECT generation FROM invoicing.projection_state FOR UPDATE',
    );
    // Taken before reading invoices: an invoice committing meanwhile could not mark what is read.
    await runner.query(`LOCK TABLE ${PROJECTED_TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
    await refuseDuringProcessRun(runner);
    await rememberScheduleMarks(runner);
    await deriveBillingMarks(runner);
    await runner.query(`TRUNCATE ${PROJECTED_TABLES.join(', ')}`);
    const generation = state.generation + 1;
    await runner.query('UPDATE invoicing.projection_state SET generation = $1, rebuilt_at = now()', [
      generation,
    ]);
    return { generation };
  });
}

async function refuseDuringProcessRun(runner: QueryRunner): Promise<void> {
  const running = await queryRows<{ process_run_id: string }>(
    runner,
    "SELECT process_run_id FROM invoicing.process_runs WHERE status = 'Running' LIMIT 1",
  );
  if (running.length === 0) return;
  const { process_run_id: id } = running[0];
  throw new DomainError(
    'PROCESS_RUN_IN_PROGRESS',
    `process run ${id} is running; rebuild the projection after it ends`,
    {
      processRunId: id,
    },
  );
}

/** Entries that exist now say the latest; marks of a rebuild still catching up fill in the rest. */
async function rememberScheduleMarks(runner: QueryRunner): Promise<void> {
  await runner.query(
    `DELETE FROM invoicing.projection_rebuild_schedule_marks AS m USING invoicing.schedule_entries AS e
     WHERE m.contract_line_id = e.contract_line_id AND m.invoice_run_date = e.invoice_run_date`,
  );
  await runner.query(
    `INSERT INTO invoicing.projection_rebuild_schedule_marks (contract_line_id, invoice_run_date, status,
       process_run_id, invoice_id, failure_reason)
     SELECT contract_line_id, invoice_run_date, status, process_run_id, invoice_id, failure_reason
     FROM invoicing.schedule_entries WHERE status <> 'NotRun'`,
  );
}

const BILLED_DETAILS = `
  SELECT detail->>'kind' AS kind, detail->>'id' AS item_id, i.invoice_id, i.status,
    i.created_at, i.invoice_number
  FROM invoicing.invoices AS i
  CROSS JOIN LATERAL jsonb_array_elements(i.document->'lines') AS line
  CROSS JOIN LATERAL jsonb_array_elements(line->'details') AS detail
  WHERE i.status <> 'Cancelled' AND i.corrects_invoice_id IS NULL`;

/** Marks point at the group's first invoice (by creation, then number), as the invoice writer sets them. */
const FIRST_INVOICE = `(array_agg(invoice_id ORDER BY created_at, length(invoice_number), invoice_number))[1]`;

async function deriveBillingMarks(runner: QueryRunner): Promise<void> {
  await runner.query(
    'TRUNCATE invoicing.projection_rebuild_transaction_marks, invoicing.projection_rebuild_milestone_marks',
  );
  await runner.query(
    `INSERT INTO invoicing.projection_rebuild_transaction_marks (transaction_id, invoice_id)
     SELECT item_id, ${FIRST_INVOICE} FROM (${BILLED_DETAILS}) AS billed
     WHERE kind = 'Transaction' GROUP BY item_id`,
  );
  await runner.query(
    `INSERT INTO invoicing.projection_rebuild_milestone_marks (milestone_id, status, invoice_id)
     SELECT item_id, CASE WHEN bool_or(status = 'Confirmed') THEN 'InvoicePosted' ELSE 'InvoiceCreated' END,
       ${FIRST_INVOICE}
     FROM (${BILLED_DETAILS}) AS billed
     WHERE kind = 'Milestone' GROUP BY item_id`,
  );
}
