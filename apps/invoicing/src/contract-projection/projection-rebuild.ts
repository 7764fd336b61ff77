import { runInTransaction } from '@app/event-store';
import { HttpStatus } from '@nestjs/common';
import { DomainError, DomainErrorStatusTable } from '@app/platform';
import { DataSource, QueryRunner } from 'typeorm';
import { queryRows } from '../database';

/** How the projection's refusals map to HTTP statuses (merged into the root module's table). */
export const PROJECTION_ERROR_STATUSES: DomainErrorStatusTable = {
  PROCESS_RUN_IN_PROGRESS: HttpStatus.CONFLICT,
};

/** The tables the projection derives from `contracts.events`; a rebuild empties exactly these. */
const PROJECTED_TABLES = [
  'invoicing.projection_positions',
  'invoicing.transactions',
  'invoicing.milestones',
  'invoicing.schedule_entries',
  'invoicing.projected_lines',
  'invoicing.projected_contracts',
  'invoicing.projection_pending_events',
  'invoicing.projection_refused_events',
];

/**
 * Starts a rebuild: in one transaction, remembers the billing facts the events do not carry,
 * empties the projected tables and moves to the next generation, whose consumer group reads
 * `contracts.events` from the beginning. Invoices, batch jobs and process runs stay as they are.
 *
 * Billing facts: the share marks (`billed_shares`, one per customer share of an item, kept like
 * the invoices) say what is billed; the items' summary marks are derived from them. Schedule entry
 * run statuses are kept from the entries themselves. Replayed rows get them back
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

/** The group's first invoice (by creation, then number) among an item's standing shares, as the writers mark it. */
const FIRST_INVOICE = `(array_agg(s.invoice_id ORDER BY i.created_at, length(i.invoice_number), i.invoice_number)
  FILTER (WHERE s.invoice_id IS NOT NULL))[1]`;

/**
 * The items' summary marks from the share marks, which a rebuild keeps (they are not derived from
 * contract events): a transaction is marked while every share of it stands; a milestone is
 * invoiced (posted once a confirmed invoice holds a share) while any share stands, and carries
 * its invoice while none is owed.
 */
async function deriveBillingMarks(runner: QueryRunner): Promise<void> {
  await runner.query(
    'TRUNCATE invoicing.projection_rebuild_transaction_marks, invoicing.projection_rebuild_milestone_marks',
  );
  await runner.query(
    `INSERT INTO invoicing.projection_rebuild_transaction_marks (transaction_id, invoice_id)
     SELECT s.item_id, ${FIRST_INVOICE}
     FROM invoicing.billed_shares AS s LEFT JOIN invoicing.invoices AS i ON i.invoice_id = s.invoice_id
     WHERE s.item_kind = 'Transaction'
     GROUP BY s.item_id HAVING bool_and(s.invoice_id IS NOT NULL)`,
  );
  await runner.query(
    `INSERT INTO invoicing.projection_rebuild_milestone_marks (milestone_id, status, invoice_id)
     SELECT s.item_id, CASE WHEN bool_or(i.status = 'Confirmed') THEN 'InvoicePosted' ELSE 'InvoiceCreated' END,
       CASE WHEN bool_and(s.invoice_id IS NOT NULL) THEN ${FIRST_INVOICE} END
     FROM invoicing.billed_shares AS s LEFT JOIN invoicing.invoices AS i ON i.invoice_id = s.invoice_id
     WHERE s.item_kind = 'Milestone'
     GROUP BY s.item_id HAVING bool_or(s.invoice_id IS NOT NULL)`,
  );
}
