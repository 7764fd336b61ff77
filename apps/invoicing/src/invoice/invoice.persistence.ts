import { InvoiceCreated } from '@app/event-contracts';
import { EventMetadata, EventStore } from '@app/event-store';
import { QueryRunner } from 'typeorm';
import { INVOICE_STREAM_TYPE } from './invoice-streams';
import { affectedRows } from '../database/sql';

/** A schedule entry of a time-and-material line, by its natural key. */
export interface CoveredScheduleEntry {
  readonly contractLineId: string;
  readonly invoiceRunDate: string;
}

/** What a group of invoices bills: marked in the transaction that stores the invoices. */
export interface InvoiceGroupBilling {
  readonly transactionIds: readonly string[];
  readonly milestoneIds: readonly string[];
  readonly coveredScheduleEntries: readonly CoveredScheduleEntry[];
}

export interface RecordInvoiceOptions {
  /** When the invoices are created (the service clock). */
  readonly at: Date;
  readonly metadata?: EventMetadata;
}

/** A transaction or milestone was already billed: the caller's transaction must roll back (SPEC 3.5). */
export class AlreadyBilledError extends Error {
  override readonly name = 'AlreadyBilledError';

  constructor(
    readonly kind: 'transaction' | 'milestone',
    readonly expected: number,
    readonly marked: number,
  ) {
    super(`${expected - marked} of ${expected} ${kind}s are already billed or not billable`);
  }
}

/**
 * Stores the invoices of one group (one per customer of a billing split; they bill the same
 * items), marks what they bill, and appends each `InvoiceCreated` to its own `invoice` stream,
 * all in the caller's open transaction (SPEC 5.2). Billed marks point at the group's first invoice;
 * a cancel finds the whole group, so siblings release their items together. Throws
 * {@link AlreadyBilledError} when an item is billed already, so nothing is ever billed twice.
 */
export async function recordInvoiceGroup(
  runner: QueryRunner,
  eventStore: EventStore,
  invoices: readonly InvoiceCreated[],
  billing: InvoiceGroupBilling,
  options: RecordInvoiceOptions,
): Promise<void> {
  if (invoices.length === 0) return;
  for (const invoice of invoices) await insertInvoiceRow(runner, invoice, options.at);
  const markedBy = invoices[0];
  await markTransactionsBilled(runner, markedBy.invoiceId, billing.transactionIds);
  await markMilestonesInvoiced(runner, markedBy.invoiceId, billing.milestoneIds);
  await markEntriesCovered(runner, markedBy, billing.coveredScheduleEntries);
  await eventStore.appendMany(
    invoices.map((invoice) => ({
      streamId: invoice.invoiceId,
      streamType: INVOICE_STREAM_TYPE,
      expectedVersion: 'no-stream' as const,
      events: [{ eventType: 'InvoiceCreated', data: invoice, occurredAt: options.at }],
    })),
    { queryRunner: runner, metadata: options.metadata },
  );
}

/** The invoice's read-model row, a draft; `document` is its `InvoiceCreated` data. */
export async function insertInvoiceRow(
  runner: QueryRunner,
  invoice: InvoiceCreated,
  at: Date,
): Promise<void> {
  await runner.query(
    `INSERT INTO invoicing.invoices (invoice_id, invoice_number, contract_id, customer_id, currency,
       billing_split_percent, invoice_run_date, process_run_id, corrects_invoice_id, status,
       total_amount, document, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'Draft', $10, $11, $12, $12)`,
    [
      invoice.invoiceId,
      invoice.invoiceNumber,
      invoice.contractId,
      invoice.customerId,
      invoice.currency,
      invoice.billingSplitPercent,
      invoice.invoiceRunDate,
      invoice.processRunId,
      invoice.correctsInvoiceId,
      invoice.totalAmount,
      JSON.stringify(invoice),
      at.toISOString(),
    ],
  );
}

async function markTransactionsBilled(runner: QueryRunner, invoiceId: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  const marked = await affectedRows(
    runner,
    `UPDATE invoicing.transactions SET invoice_id = $1
     WHERE transaction_id = ANY($2::text[]) AND invoice_id IS NULL`,
    [invoiceId, ids],
  );
  if (marked !== new Set(ids).size) throw new AlreadyBilledError('transaction', ids.length, marked);
}

async function markMilestonesInvoiced(runner: QueryRunner, invoiceId: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  const marked = await affectedRows(
    runner,
    `UPDATE invoicing.milestones SET status = 'InvoiceCreated', invoice_id = $1
     WHERE milestone_id = ANY($2::text[]) AND status = 'ReadyForInvoicing'`,
    [invoiceId, ids],
  );
  if (marked !== new Set(ids).size) throw new AlreadyBilledError('milestone', ids.length, marked);
}

async function markEntriesCovered(
  runner: QueryRunner,
  invoice: InvoiceCreated,
  entries: readonly CoveredScheduleEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await runner.query(
    `UPDATE invoicing.schedule_entries AS entry
     SET status = 'RunSuccessful', invoice_id = $1, process_run_id = $2, failure_reason = NULL
     FROM unnest($3::text[], $4::date[]) AS covered (contract_line_id, invoice_run_date)
     WHERE entry.contract_line_id = covered.contract_line_id
       AND entry.invoice_run_date = covered.invoice_run_date`,
    [
      invoice.invoiceId,
      invoice.processRunId,
      entries.map((e) => e.contractLineId),
      entries.map((e) => e.invoiceRunDate),
    ],
  );
}
