import { InvoiceDocument } from '@app/event-contracts';
import { EventMetadata, EventStore } from '@app/event-store';
import { QueryRunner } from 'typeorm';
import {
  CustomerShare,
  itemsOf,
  markMilestoneSummaries,
  markSharesBilled,
  shareMarks,
} from './billed-shares.persistence';
import { newInvoiceStream } from './invoice-streams';
import { affectedRows } from '../database';

export type { CustomerShare } from './billed-shares.persistence';

/** A schedule entry of a time-and-material line, by its natural key. */
export interface CoveredScheduleEntry {
  readonly contractLineId: string;
  readonly invoiceRunDate: string;
}

/** What a group of invoices bills: marked in the transaction that stores the invoices. */
export interface InvoiceGroupBilling {
  /** One per detail of the group's invoices; the invoice is the one of the share's customer. */
  readonly shares: readonly CustomerShare[];
  readonly coveredScheduleEntries: readonly CoveredScheduleEntry[];
}

export interface RecordInvoiceOptions {
  /** When the invoices are created (the service clock). */
  readonly at: Date;
  readonly metadata?: EventMetadata;
}

/**
 * A transaction or milestone was already billed: the caller's transaction must roll back (docs/product.md
 * 3.5).
 */
export class AlreadyBilledError extends Error {
  override readonly name = 'AlreadyBilledError';

  constructor(
    readonly kind: 'transaction' | 'milestone' | 'share',
    readonly expected: number,
    readonly marked: number,
  ) {
    super(`${expected - marked} of ${expected} ${kind}s are already billed or not billable`);
  }
}

/** One invoice group as written: its invoices (numbered, one per customer) and what they bill. */
export interface InvoiceGroupToRecord extends InvoiceGroupBilling {
  readonly invoices: readonly InvoiceDocument[];
}

/**
 * The one invoice write path (docs/architecture.md), for process runs, their contract-by-contract
 * retries and corrective invoices alike: stores the invoices of any number of groups (one invoice
 * per customer of a billing split, each billing that customer's shares), marks each share billed
 * by its invoice, and appends each invoice's records (`InvoiceCreated` and the
 * `InvoiceDetailsAdded` parts its details need) to its own `invoice` stream, all in the caller's
 * open transaction (docs/product.md 5.2) and in a handful of set-based statements whatever the
 * count. The items' summary marks and the covered entries point at each group's first invoice.
 * Throws {@link AlreadyBilledError} when a share is billed already, so nothing is ever billed twice
 * and the caller's transaction must roll back.
 */
export async function recordInvoices(
  runner: QueryRunner,
  eventStore: EventStore,
  groups: readonly InvoiceGroupToRecord[],
  options: RecordInvoiceOptions,
): Promise<void> {
  const nonEmpty = groups.filter((group) => group.invoices.length > 0);
  const invoices = nonEmpty.flatMap((group) => group.invoices);
  if (invoices.length === 0) return;
  await insertInvoiceRows(runner, invoices, options.at);
  const shares = await markSharesBilled(
    runner,
    nonEmpty.flatMap((group) => shareMarks(group.invoices, group.shares)),
  );
  if (shares.marked !== shares.expected)
    throw new AlreadyBilledError('share', shares.expected, shares.marked);
  const marks = nonEmpty.map((group) => ({ group, by: group.invoices[0], items: itemsOf(group.shares) }));
  await markOnce(
    runner,
    'transaction',
    `UPDATE invoicing.transactions AS t SET invoice_id = m.invoice_id
     FROM unnest($1::text[], $2::uuid[]) AS m (id, invoice_id)
     WHERE t.transaction_id = m.id AND t.invoice_id IS NULL`,
    marks.flatMap(({ items, by }) => items.transactionIds.map((id) => [id, by.invoiceId])),
  );
  await markOnce(
    runner,
    'milestone',
    `UPDATE invoicing.milestones AS ms SET status = 'InvoiceCreated', invoice_id = m.invoice_id
     FROM unnest($1::text[], $2::uuid[]) AS m (id, invoice_id)
     WHERE ms.milestone_id = m.id AND ms.status = 'ReadyForInvoicing'`,
    marks.flatMap(({ items, by }) => items.freshMilestoneIds.map((id) => [id, by.invoiceId])),
  );
  for (const { items, by } of marks)
    await markMilestoneSummaries(runner, by.invoiceId, items.rebilledMilestoneIds);
  await markEntriesCovered(
    runner,
    marks.flatMap(({ group, by }) => group.coveredScheduleEntries.map((entry) => ({ entry, by }))),
  );
  await eventStore.appendMany(
    invoices.map((invoice) => newInvoiceStream(invoice, options.at)),
    { queryRunner: runner, metadata: options.metadata },
  );
}

/** {@link recordInvoices} for one group. */
export function recordInvoiceGroup(
  runner: QueryRunner,
  eventStore: EventStore,
  invoices: readonly InvoiceDocument[],
  billing: InvoiceGroupBilling,
  options: RecordInvoiceOptions,
): Promise<void> {
  return recordInvoices(runner, eventStore, [{ ...billing, invoices }], options);
}

/**
 * The invoices' read-model rows, drafts, from one JSON array of their documents (`document` is the
 * whole invoice, every detail in it): the columns are read from each document server-side. A
 * `jsonb[]` parameter would have `pg` escape every document into an array literal, copies that, at
 * a few hundred kilobytes per batch, end up in the old generation.
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
       (d->>'correctsInvoiceId')::uuid, 'Draft', (d->>'totalAmount')::numeric, d, $2, $2
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS i (d, ord)
     ORDER BY i.ord`,
    [JSON.stringify(invoices), at.toISOString()],
  );
}

/** Marks items billed by `[itemId, invoiceId]` pairs; every one of them must have been unbilled. */
async function markOnce(
  runner: QueryRunner,
  kind: 'transaction' | 'milestone',
  sql: string,
  pairs: readonly string[][],
): Promise<void> {
  if (pairs.length === 0) return;
  const marked = await affectedRows(runner, sql, [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
  if (marked !== pairs.length) throw new AlreadyBilledError(kind, pairs.length, marked);
}

/** The time-and-material schedule entries the groups cover: run successfully, by each group's first invoice. */
async function markEntriesCovered(
  runner: QueryRunner,
  covered: readonly { entry: CoveredScheduleEntry; by: InvoiceDocument }[],
): Promise<void> {
  if (covered.length === 0) return;
  await runner.query(
    `UPDATE invoicing.schedule_entries AS entry
     SET status = 'RunSuccessful', invoice_id = covered.invoice_id, process_run_id = covered.process_run_id,
       failure_reason = NULL
     FROM unnest($1::text[], $2::date[], $3::uuid[], $4::uuid[])
       AS covered (contract_line_id, invoice_run_date, invoice_id, process_run_id)
     WHERE entry.contract_line_id = covered.contract_line_id AND entry.invoice_run_date = covered.invoice_run_date`,
    [
      covered.map(({ entry }) => entry.contractLineId),
      covered.map(({ entry }) => entry.invoiceRunDate),
      covered.map(({ by }) => by.invoiceId),
      covered.map(({ by }) => by.processRunId),
    ],
  );
}
