import { InvoiceDocument } from '@app/event-contracts';
import { QueryRunner } from 'typeorm';
import { queryRows } from '../database';

export interface GroupMember {
  readonly invoiceId: string;
  readonly status: 'Draft' | 'Confirmed' | 'Cancelled';
}

/**
 * Locks the invoice and its siblings: the invoices of one process run for the same contract and
 * run date (one per customer of a billing split), which bill the same transactions and milestones.
 * Locked in id order, so two cancels of one group wait for each other and the later one sees the
 * earlier one's outcome. A corrective invoice is a group of its own. Empty for an unknown invoice.
 */
export async function lockInvoiceGroup(runner: QueryRunner, invoiceId: string): Promise<GroupMember[]> {
  const rows = await queryRows<{ invoice_id: string; status: GroupMember['status'] }>(
    runner,
    `WITH target AS (
       SELECT contract_id, process_run_id, invoice_run_date, corrects_invoice_id
       FROM invoicing.invoices WHERE invoice_id = $1
     )
     SELECT member.invoice_id, member.status
     FROM invoicing.invoices AS member, target
     WHERE member.invoice_id = $1
        OR (target.corrects_invoice_id IS NULL AND member.corrects_invoice_id IS NULL
            AND member.process_run_id = target.process_run_id
            AND member.contract_id = target.contract_id
            AND member.invoice_run_date = target.invoice_run_date)
     ORDER BY member.invoice_id
     FOR UPDATE OF member`,
    [invoiceId],
  );
  return rows.map((row) => ({ invoiceId: row.invoice_id, status: row.status }));
}

/**
 * Returns exactly what a cancelled invoice billed, to whom it was billed (docs/product.md 3.12): each of its
 * customer's shares is released. A share whose item another customer's invoice still holds stays
 * as a released mark with its amount, owed again to that customer; an item no share of which
 * stands any more is unbilled again, whole (a transaction unbilled, a milestone
 * `ReadyForInvoicing`), and is billed by the split as it is then. The schedule entries the
 * invoice covered go back to `NotRun`, on every time-and-material line of the invoice, including
 * one it billed nothing of this time: the next run on or after their run date bills the released
 * shares, and what the line has unbilled up to the entry's cut-off, after a line's last entry too.
 * `groupInvoiceIds`: the invoice's group (covered entries point at its first invoice).
 */
export async function releaseShares(
  runner: QueryRunner,
  invoice: Pick<InvoiceDocument, 'invoiceId' | 'invoiceRunDate' | 'lines'>,
  groupInvoiceIds: readonly string[],
): Promise<void> {
  const released = await queryRows<{ item_kind: string; item_id: string }>(
    runner,
    `UPDATE invoicing.billed_shares SET invoice_id = NULL WHERE invoice_id = $1
     RETURNING item_kind, item_id`,
    [invoice.invoiceId],
  );
  if (released.length === 0) return;
  const whole = await queryRows<{ item_kind: string; item_id: string }>(
    runner,
    `DELETE FROM invoicing.billed_shares AS s
     USING unnest($1::text[], $2::text[]) AS r (item_kind, item_id)
     WHERE s.item_kind = r.item_kind AND s.item_id = r.item_id
       AND NOT EXISTS (SELECT 1 FROM invoicing.billed_shares AS o
                       WHERE o.item_kind = s.item_kind AND o.item_id = s.item_id AND o.invoice_id IS NOT NULL)
     RETURNING s.item_kind, s.item_id`,
    [released.map((r) => r.item_kind), released.map((r) => r.item_id)],
  );
  const ids = (rows: readonly { item_kind: string; item_id: string }[], kind: string) => [
    ...new Set(rows.filter((r) => r.item_kind === kind).map((r) => r.item_id)),
  ];
  await runner.query(
    'UPDATE invoicing.transactions SET invoice_id = NULL WHERE transaction_id = ANY($1::text[])',
    [ids(released, 'Transaction')],
  );
  await runner.query(
    'UPDATE invoicing.milestones SET invoice_id = NULL WHERE milestone_id = ANY($1::text[])',
    [ids(released, 'Milestone')],
  );
  await runner.query(
    `UPDATE invoicing.milestones SET status = 'ReadyForInvoicing' WHERE milestone_id = ANY($1::text[])`,
    [ids(whole, 'Milestone')],
  );
  const lines = invoice.lines
    .filter((line) => line.billingMethod === 'TimeAndMaterial')
    .map((line) => line.contractLineId);
  if (lines.length === 0) return;
  await runner.query(
    `UPDATE invoicing.schedule_entries
     SET status = 'NotRun', invoice_id = NULL, process_run_id = NULL, failure_reason = NULL
     WHERE contract_line_id = ANY($1::text[]) AND status = 'RunSuccessful'
       AND (invoice_id = ANY($2::uuid[]) OR invoice_run_date = $3)`,
    [lines, groupInvoiceIds, invoice.invoiceRunDate],
  );
}

/**
 * A confirmed invoice posts the milestones it bills (docs/product.md 2: `InvoiceCreated` → `InvoicePosted`).
 */
export async function postMilestones(runner: QueryRunner, milestoneIds: readonly string[]): Promise<void> {
  if (milestoneIds.length === 0) return;
  await runner.query(
    `UPDATE invoicing.milestones SET status = 'InvoicePosted'
     WHERE milestone_id = ANY($1::text[]) AND status = 'InvoiceCreated'`,
    [milestoneIds],
  );
}

export async function setInvoiceStatus(
  runner: QueryRunner,
  invoiceId: string,
  status: GroupMember['status'],
  at: Date,
): Promise<void> {
  await runner.query('UPDATE invoicing.invoices SET status = $2, updated_at = $3 WHERE invoice_id = $1', [
    invoiceId,
    status,
    at.toISOString(),
  ]);
}
