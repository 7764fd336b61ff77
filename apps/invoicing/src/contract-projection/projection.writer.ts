import { InvalidMessageError } from '@app/event-store';
import { QueryRunner } from 'typeorm';
import { TransactionRecorded } from '@app/event-contracts';
import { RowChanges } from './domain';
import { copyRows } from './copy-rows';
import { affectedRows, isUniqueViolation, queryRows } from '../database';

/**
 * Another writer moved a contract between reading its version and writing it (two consumers on one
 * partition during a rebalance). Transient: the batch rolls back and is retried, reading afresh.
 */
export class ConcurrentProjectionError extends Error {
  override readonly name = 'ConcurrentProjectionError';
}

/**
 * Writes a batch's row changes with one set-based statement per table (`unnest` of column arrays),
 * whatever the batch's size. Rows that restore billing facts after a rebuild come from the
 * `projection_rebuild_*_marks` tables (empty unless a rebuild filled them).
 */
export async function writeRowChanges(runner: QueryRunner, changes: RowChanges): Promise<void> {
  await insertContracts(runner, changes);
  await updateContracts(runner, changes);
  await insertLines(runner, changes);
  await replaceSchedules(runner, changes);
  await insertMilestones(runner, changes);
  await markMilestonesReady(runner, changes);
  await insertTransactions(runner, changes);
}

function expectAll(written: number, expected: number, otherwise: () => Error): void {
  if (written !== expected) throw otherwise();
}

async function insertContracts(runner: QueryRunner, { createdContracts: created }: RowChanges) {
  if (created.length === 0) return;
  const written = await affectedRows(
    runner,
    `INSERT INTO invoicing.projected_contracts (contract_id, name, customer_id, currency, customers, stream_version)
     SELECT c.contract_id, c.name, c.customer_id, c.currency, c.customers::jsonb, c.stream_version
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])
       AS c (contract_id, name, customer_id, currency, customers, stream_version)
     ON CONFLICT (contract_id) DO NOTHING`,
    [
      created.map((c) => c.contractId),
      created.map((c) => c.name),
      created.map((c) => c.customerId),
      created.map((c) => c.currency),
      created.map((c) => JSON.stringify(c.customers)),
      created.map((c) => c.streamVersion),
    ],
  );
  expectAll(
    written,
    created.length,
    () => new ConcurrentProjectionError('a contract was created concurrently'),
  );
}

async function updateContracts(runner: QueryRunner, { updatedContracts: updated }: RowChanges) {
  if (updated.length === 0) return;
  const written = await affectedRows(
    runner,
    `UPDATE invoicing.projected_contracts AS c
     SET stream_version = u.stream_version, customers = COALESCE(u.customers::jsonb, c.customers), updated_at = now()
     FROM unnest($1::text[], $2::int[], $3::int[], $4::text[]) AS u (contract_id, expected_version, stream_version, customers)
     WHERE c.contract_id = u.contract_id AND c.stream_version = u.expected_version`,
    [
      updated.map((u) => u.contractId),
      updated.map((u) => u.expectedVersion),
      updated.map((u) => u.streamVersion),
      updated.map((u) => (u.customers === null ? null : JSON.stringify(u.customers))),
    ],
  );
  expectAll(written, updated.length, () => new ConcurrentProjectionError('a contract moved concurrently'));
}

async function insertLines(runner: QueryRunner, { addedLines: lines }: RowChanges) {
  if (lines.length === 0) return;
  const written = await affectedRows(
    runner,
    `INSERT INTO invoicing.projected_lines (contract_line_id, contract_id, line_order, name, billing_method,
       included_transaction_classes, not_to_exceed)
     SELECT l.contract_line_id, l.contract_id, l.line_order, l.name, l.billing_method,
       string_to_array(l.classes, ','), l.not_to_exceed
     FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::numeric[])
       AS l (contract_line_id, contract_id, line_order, name, billing_method, classes, not_to_exceed)
     ON CONFLICT DO NOTHING`,
    [
      lines.map((l) => l.contractLineId),
      lines.map((l) => l.contractId),
      lines.map((l) => l.lineOrder),
      lines.map((l) => l.name),
      lines.map((l) => l.billingMethod),
      lines.map((l) => l.includedTransactionClasses.join(',')),
      lines.map((l) => l.notToExceed),
    ],
  );
  // Versions were checked already, so a conflict is a line id another contract uses.
  expectAll(written, lines.length, () => refused('DUPLICATE_CONTRACT_LINE', 'a contract line id is taken'));
}

/**
 * The new schedule replaces every entry of the line that has not run successfully: entries on
 * dates the schedule keeps stay as they are apart from their cut-off (a `RunFailed` entry stays
 * failed, so its parked contract is retried), dates it drops go, new dates come in as `NotRun`
 * (or as a rebuild remembers them). An entry that ran successfully is never touched.
 */
async function replaceSchedules(runner: QueryRunner, { replacedSchedules: schedules }: RowChanges) {
  if (schedules.length === 0) return;
  const entries = schedules.flatMap((s) =>
    s.entries.map((e) => ({ ...e, line: s.contractLineId, contract: s.contractId })),
  );
  await runner.query(
    `WITH incoming AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::date[], $5::date[])
         AS i (contract_line_id, contract_id, invoice_run_date, transaction_cutoff_date)
     ), dropped AS (
       DELETE FROM invoicing.schedule_entries AS e
       WHERE e.contract_line_id = ANY($1::text[]) AND e.status <> 'RunSuccessful'
         AND NOT EXISTS (SELECT 1 FROM incoming AS i
                         WHERE i.contract_line_id = e.contract_line_id AND i.invoice_run_date = e.invoice_run_date)
     )
     INSERT INTO invoicing.schedule_entries AS e (contract_line_id, invoice_run_date, contract_id,
       transaction_cutoff_date, status, process_run_id, invoice_id, failure_reason)
     SELECT i.contract_line_id, i.invoice_run_date, i.contract_id, i.transaction_cutoff_date,
       COALESCE(m.status, 'NotRun'), m.process_run_id, m.invoice_id, m.failure_reason
     FROM incoming AS i
     LEFT JOIN invoicing.projection_rebuild_schedule_marks AS m
       ON m.contract_line_id = i.contract_line_id AND m.invoice_run_date = i.invoice_run_date
     ON CONFLICT (contract_line_id, invoice_run_date)
       DO UPDATE SET transaction_cutoff_date = EXCLUDED.transaction_cutoff_date WHERE e.status <> 'RunSuccessful'`,
    [
      schedules.map((s) => s.contractLineId),
      entries.map((e) => e.line),
      entries.map((e) => e.contract),
      entries.map((e) => e.invoiceRunDate),
      entries.map((e) => e.transactionCutoffDate),
    ],
  );
}

async function insertMilestones(runner: QueryRunner, { addedMilestones: milestones }: RowChanges) {
  if (milestones.length === 0) return;
  const written = await affectedRows(
    runner,
    `INSERT INTO invoicing.milestones (milestone_id, contract_line_id, contract_id, name, milestone_date,
       amount, status, invoice_id)
     SELECT n.milestone_id, n.contract_line_id, n.contract_id, n.name, n.milestone_date, n.amount,
       COALESCE(m.status, CASE WHEN n.ready THEN 'ReadyForInvoicing' ELSE 'NotReadyForInvoicing' END), m.invoice_id
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::numeric[], $7::boolean[])
       AS n (milestone_id, contract_line_id, contract_id, name, milestone_date, amount, ready)
     LEFT JOIN invoicing.projection_rebuild_milestone_marks AS m ON m.milestone_id = n.milestone_id
     ON CONFLICT (milestone_id) DO NOTHING`,
    [
      milestones.map((m) => m.milestoneId),
      milestones.map((m) => m.contractLineId),
      milestones.map((m) => m.contractId),
      milestones.map((m) => m.name),
      milestones.map((m) => m.milestoneDate),
      milestones.map((m) => m.amount),
      milestones.map((m) => m.readyForInvoicing),
    ],
  );
  expectAll(written, milestones.length, () => refused('DUPLICATE_MILESTONE', 'a milestone id is taken'));
}

/** Ready for invoicing, unless an invoice has billed it already. */
async function markMilestonesReady(runner: QueryRunner, { readyMilestoneIds: ids }: RowChanges) {
  if (ids.length === 0) return;
  await runner.query(
    `UPDATE invoicing.milestones SET status = 'ReadyForInvoicing'
     WHERE milestone_id = ANY($1::text[]) AND status = 'NotReadyForInvoicing'`,
    [ids],
  );
}

const TRANSACTION_COLUMNS = [
  'transaction_id',
  'contract_line_id',
  'contract_id',
  'transaction_class',
  'transaction_date',
  'quantity',
  'unit_price',
  'amount',
  'description',
  'resource_role',
];

/**
 * Transactions are nearly every event on the topic, so they go in by COPY, which costs PostgreSQL
 * about half of an `unnest` insert with ON CONFLICT. Versions were checked already, so a taken
 * transaction id is another event's: the unique violation refuses the batch like a short count
 * would. A rebuild's billing marks are applied after the copy, and only while there are any.
 */
async function insertTransactions(runner: QueryRunner, { recordedTransactions: recorded }: RowChanges) {
  if (recorded.length === 0) return;
  const values = recorded.map((t) => [
    t.transactionId,
    t.contractLineId,
    t.contractId,
    t.transactionClass,
    t.transactionDate,
    t.quantity,
    t.unitPrice,
    t.amount,
    t.description,
    t.resourceRole,
  ]);
  try {
    await copyRows(runner, 'invoicing.transactions', TRANSACTION_COLUMNS, values);
  } catch (error) {
    if (isUniqueViolation(error)) throw refused('DUPLICATE_TRANSACTION', 'a transaction id is taken');
    throw error;
  }
  await restoreTransactionMarks(runner, recorded);
}

async function restoreTransactionMarks(runner: QueryRunner, recorded: readonly TransactionRecorded[]) {
  const [marks] = await queryRows<{ any: boolean }>(
    runner,
    'SELECT EXISTS (SELECT 1 FROM invoicing.projection_rebuild_transaction_marks) AS any',
  );
  if (!marks.any) return;
  await runner.query(
    `UPDATE invoicing.transactions AS t SET invoice_id = m.invoice_id
     FROM invoicing.projection_rebuild_transaction_marks AS m
     WHERE m.transaction_id = t.transaction_id AND m.transaction_id = ANY($1::text[])`,
    [recorded.map((t) => t.transactionId)],
  );
}

/** Makes the batch consumer retry the batch a message at a time, which finds and dead-letters the culprit. */
function refused(code: string, message: string): InvalidMessageError {
  return new InvalidMessageError(code, message);
}
