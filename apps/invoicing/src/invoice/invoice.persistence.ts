import { InvoiceDocument } from '@app/event-contracts';
import { EventMetadata, EventStore } from '@app/event-store';
import { QueryRunner } from 'typeorm';
import { newInvoiceStream } from './invoice-streams';
import { affectedRows } from '../database';

/** A schedule entry of a time-and-material line, by its natural key. */
export interface CoveredScheduleEntry {
  readonly contractLineId: string;
  readonly invoiceRunDate: string;
}

/**
 * One customer's share of one item as an invoice of a group bills it. `rebilled`: the share was
 * released by a cancel while other shares stood, and is billed again at the amount it had.
 */
export interface CustomerShare {
  readonly kind: 'Transaction' | 'Milestone';
  readonly itemId: string;
  readonly contractLineId: string;
  readonly customerId: string;
  readonly amount: string;
  readonly rebilled: boolean;
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

/**
 * Stores the invoices of one group (one per customer of a billing split, each billing that
 * customer's shares), marks each share billed by its invoice, and appends each invoice's records
 * (`InvoiceCreated` and the `InvoiceDetailsAdded` parts its details need) to its own `invoice`
 * stream, all in the caller's open transaction (docs/product.md 5.2). The items'
 * summary marks and the covered entries point at the group's first invoice. Throws
 * {@link AlreadyBilledError} when a share is billed already, so nothing is ever billed twice.
 */
export async function recordInvoiceGroup(
  runner: QueryRunner,
  eventStore: EventStore,
  invoices: readonly InvoiceDocument[],
  billing: InvoiceGroupBilling,
  options: RecordInvoiceOptions,
): Promise<void> {
  if (invoices.length === 0) return;
  for (const invoice of invoices) await insertInvoiceRow(runner, invoice, options.at);
  const markedBy = invoices[0];
  const marks = shareMarks(invoices, billing.shares);
  const counted = await markSharesBilled(runner, marks);
  if (counted.marked !== counted.expected) {
    throw new AlreadyBilledError('share', counted.expected, counted.marked);
  }
  const items = itemsOf(billing.shares);
  await markTransactionsBilled(runner, markedBy.invoiceId, items.transactionIds);
  await markMilestonesInvoiced(runner, markedBy.invoiceId, items.freshMilestoneIds);
  await markMilestoneSummaries(runner, markedBy.invoiceId, items.rebilledMilestoneIds);
  await markEntriesCovered(runner, markedBy, billing.coveredScheduleEntries);
  await eventStore.appendMany(
    invoices.map((invoice) => newInvoiceStream(invoice, options.at)),
    { queryRunner: runner, metadata: options.metadata },
  );
}

/** The invoice's read-model row, a draft; `document` is the whole invoice, every detail in it. */
export async function insertInvoiceRow(
  runner: QueryRunner,
  invoice: InvoiceDocument,
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

/** A share mark as the tables hold it: the share and the invoice that bills it. */
export interface ShareMark extends CustomerShare {
  readonly contractId: string;
  readonly invoiceId: string;
  readonly billingSplitPercent: string;
}

/** Each share with the invoice of its customer among the group's invoices. */
export function shareMarks(
  invoices: readonly InvoiceDocument[],
  shares: readonly CustomerShare[],
): ShareMark[] {
  const byCustomer = new Map(invoices.map((invoice) => [invoice.customerId, invoice]));
  return shares.map((share) => {
    const invoice = byCustomer.get(share.customerId);
    if (!invoice) throw new Error(`no invoice of the group for customer ${share.customerId}`);
    return {
      ...share,
      contractId: invoice.contractId,
      invoiceId: invoice.invoiceId,
      billingSplitPercent: invoice.billingSplitPercent,
    };
  });
}

/** The items shares bill: transactions, milestones billed for the first time, milestones billed again. */
export function itemsOf(shares: readonly CustomerShare[]) {
  const ids = (keep: (share: CustomerShare) => boolean) => [
    ...new Set(shares.filter(keep).map((share) => share.itemId)),
  ];
  return {
    transactionIds: ids((share) => share.kind === 'Transaction'),
    freshMilestoneIds: ids((share) => share.kind === 'Milestone' && !share.rebilled),
    rebilledMilestoneIds: ids((share) => share.kind === 'Milestone' && share.rebilled),
  };
}

/**
 * Marks each share billed by its invoice, the check that nothing is billed twice (docs/product.md 3.5): a
 * share billed for the first time needs an item no share of which is marked yet; a share billed
 * again needs its released mark, at the same amount. Returns how many were expected and marked;
 * the caller rolls back unless they match.
 */
export async function markSharesBilled(
  runner: QueryRunner,
  marks: readonly ShareMark[],
): Promise<{ expected: number; marked: number }> {
  if (marks.length === 0) return { expected: 0, marked: 0 };
  const columns = [
    marks.map((m) => m.kind),
    marks.map((m) => m.itemId),
    marks.map((m) => m.customerId),
    marks.map((m) => m.contractId),
    marks.map((m) => m.contractLineId),
    marks.map((m) => m.amount),
    marks.map((m) => m.billingSplitPercent),
    marks.map((m) => m.invoiceId),
    marks.map((m) => m.rebilled),
  ];
  const shares = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[],
       $7::numeric[], $8::uuid[], $9::boolean[])
     AS m (item_kind, item_id, customer_id, contract_id, contract_line_id, amount, billing_split_percent,
       invoice_id, rebilled)`;
  const fresh = await affectedRows(
    runner,
    `INSERT INTO invoicing.billed_shares (item_kind, item_id, customer_id, contract_id, contract_line_id,
       amount, billing_split_percent, invoice_id)
     SELECT m.item_kind, m.item_id, m.customer_id, m.contract_id, m.contract_line_id, m.amount,
       m.billing_split_percent, m.invoice_id
     FROM ${shares}
     WHERE NOT m.rebilled AND NOT EXISTS (
       SELECT 1 FROM invoicing.billed_shares AS s WHERE s.item_kind = m.item_kind AND s.item_id = m.item_id)
     ON CONFLICT DO NOTHING`,
    columns,
  );
  const again = marks.some((m) => m.rebilled)
    ? await affectedRows(
        runner,
        `UPDATE invoicing.billed_shares AS s SET invoice_id = m.invoice_id
         FROM ${shares}
         WHERE m.rebilled AND s.item_kind = m.item_kind AND s.item_id = m.item_id
           AND s.customer_id = m.customer_id AND s.invoice_id IS NULL AND s.amount = m.amount`,
        columns,
      )
    : 0;
  return { expected: marks.length, marked: fresh + again };
}

/** A milestone whose released shares are all billed again is wholly billed: its summary mark. */
export async function markMilestoneSummaries(
  runner: QueryRunner,
  invoiceId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await runner.query(
    `UPDATE invoicing.milestones AS ms SET invoice_id = $1
     WHERE ms.milestone_id = ANY($2::text[]) AND ms.invoice_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM invoicing.billed_shares AS s
                       WHERE s.item_kind = 'Milestone' AND s.item_id = ms.milestone_id AND s.invoice_id IS NULL)`,
    [invoiceId, ids],
  );
}

async function markEntriesCovered(
  runner: QueryRunner,
  invoice: InvoiceDocument,
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
