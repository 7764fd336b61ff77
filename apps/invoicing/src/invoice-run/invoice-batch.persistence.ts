import { InvoiceDocument } from '@app/event-contracts';
import { EventMetadata, EventStore } from '@app/event-store';
import { QueryRunner } from 'typeorm';
import {
  CustomerShare,
  itemsOf,
  markMilestoneSummaries,
  markSharesBilled,
  newInvoiceStream,
  shareMarks,
} from '../invoice';
import { ScheduleEntryRef } from '../invoice/domain';
import { affectedRows } from '../database';

/** One invoice group as written: its invoices (numbered) and what they bill. */
export interface NumberedGroup {
  readonly invoices: readonly InvoiceDocument[];
  /** One per detail of the group's invoices (see `recordInvoiceGroup`). */
  readonly shares: readonly CustomerShare[];
  readonly coveredScheduleEntries: readonly ScheduleEntryRef[];
}

/** Some item of the batch is billed already: the caller rolls the batch back and writes contract by contract. */
export class BatchConflict extends Error {
  override readonly name = 'BatchConflict';
}

/**
 * Many invoice groups in a handful of set-based statements, in the caller's transaction: the same
 * rows, marks and events as `recordInvoiceGroup` writes group by group (a share mark per detail
 * naming its invoice; summary marks and covered entries pointing at each group's first invoice),
 * at a fraction of the round trips. Every billed share must still be unbilled, or it throws
 * {@link BatchConflict} and nothing may commit.
 */
export async function recordInvoiceBatch(
  runner: QueryRunner,
  eventStore: EventStore,
  groups: readonly NumberedGroup[],
  options: { readonly at: Date; readonly metadata: EventMetadata },
): Promise<void> {
  const invoices = groups.flatMap((group) => group.invoices);
  if (invoices.length === 0) return;
  await insertInvoiceRows(runner, invoices, options.at);
  const shares = await markSharesBilled(
    runner,
    groups.flatMap((group) => shareMarks(group.invoices, group.shares)),
  );
  if (shares.marked !== shares.expected) {
    throw new BatchConflict(
      `${shares.expected - shares.marked} of ${shares.expected} shares are billed already`,
    );
  }
  const marks = groups.map((group) => ({ group, by: group.invoices[0], items: itemsOf(group.shares) }));
  const transactions = marks.flatMap(({ items, by }) => items.transactionIds.map((id) => [id, by.invoiceId]));
  await markOnce(
    runner,
    `UPDATE invoicing.transactions AS t SET invoice_id = m.invoice_id
     FROM unnest($1::text[], $2::uuid[]) AS m (id, invoice_id)
     WHERE t.transaction_id = m.id AND t.invoice_id IS NULL`,
    transactions,
  );
  const milestones = marks.flatMap(({ items, by }) =>
    items.freshMilestoneIds.map((id) => [id, by.invoiceId]),
  );
  await markOnce(
    runner,
    `UPDATE invoicing.milestones AS ms SET status = 'InvoiceCreated', invoice_id = m.invoice_id
     FROM unnest($1::text[], $2::uuid[]) AS m (id, invoice_id)
     WHERE ms.milestone_id = m.id AND ms.status = 'ReadyForInvoicing'`,
    milestones,
  );
  for (const { items, by } of marks)
    await markMilestoneSummaries(runner, by.invoiceId, items.rebilledMilestoneIds);
  const entries = marks.flatMap(({ group, by }) => group.coveredScheduleEntries.map((e) => ({ e, by })));
  if (entries.length > 0) {
    await runner.query(
      `UPDATE invoicing.schedule_entries AS entry
       SET status = 'RunSuccessful', invoice_id = covered.invoice_id, process_run_id = covered.process_run_id,
         failure_reason = NULL
       FROM unnest($1::text[], $2::date[], $3::uuid[], $4::uuid[])
         AS covered (contract_line_id, invoice_run_date, invoice_id, process_run_id)
       WHERE entry.contract_line_id = covered.contract_line_id AND entry.invoice_run_date = covered.invoice_run_date`,
      [
        entries.map(({ e }) => e.contractLineId),
        entries.map(({ e }) => e.invoiceRunDate),
        entries.map(({ by }) => by.invoiceId),
        entries.map(({ by }) => by.processRunId),
      ],
    );
  }
  await eventStore.appendMany(
    invoices.map((invoice) => newInvoiceStream(invoice, options.at)),
    { queryRunner: runner, metadata: options.metadata },
  );
}

/**
 * The invoices' read-model rows from one JSON array of their documents: the columns are read from
 * each document server-side. A `jsonb[]` parameter would have `pg` escape every document into an
 * array literal, copies that, at a few hundred kilobytes per batch, end up in the old generation.
 */
async function insertInvoiceRows(
  runner: QueryRunner,
  invoices: readonly InvoiceDocument[],
  at: Date,
): Promise<void> {
  await runner.query(
    `INSERT INTO invoicing.invoices (invoice_id, invoice_number, contract_id, customer_id, currency,
       billing_split_percent, invoice_run_date, process_run_id, corrects_invoice_id, status,
       total_amount, document, created_at, updated_at)
     SELECT (d->>'invoiceId')::uuid, d->>'invoiceNumber', d->>'contractId', d->>'customerId', d->>'currency',
       (d->>'billingSplitPercent')::numeric, (d->>'invoiceRunDate')::date, (d->>'processRunId')::uuid,
       NULL, 'Draft', (d->>'totalAmount')::numeric, d, $2, $2
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS i (d, ord)
     ORDER BY i.ord`,
    [JSON.stringify(invoices), at.toISOString()],
  );
}

/** Marks items billed; all of them must have been unbilled. */
async function markOnce(runner: QueryRunner, sql: string, pairs: readonly string[][]): Promise<void> {
  if (pairs.length === 0) return;
  const marked = await affectedRows(runner, sql, [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
  if (marked !== pairs.length) {
    throw new BatchConflict(`${pairs.length - marked} of ${pairs.length} items are billed already`);
  }
}
