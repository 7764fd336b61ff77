import { QueryRunner } from 'typeorm';
import { queryRows } from '../database/sql';

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
 * Returns what a cancelled group billed: transactions to unbilled and milestones to
 * `ReadyForInvoicing`, so the next process run bills them again (SPEC 2). Billed marks point at one
 * invoice of the group, whichever it is.
 */
export async function releaseBilledItems(
  runner: QueryRunner,
  groupInvoiceIds: readonly string[],
): Promise<void> {
  await runner.query(
    'UPDATE invoicing.transactions SET invoice_id = NULL WHERE invoice_id = ANY($1::uuid[])',
    [groupInvoiceIds],
  );
  await runner.query(
    `UPDATE invoicing.milestones SET status = 'ReadyForInvoicing', invoice_id = NULL
     WHERE invoice_id = ANY($1::uuid[])`,
    [groupInvoiceIds],
  );
}

/** A confirmed invoice posts the milestones it bills (SPEC 2: `InvoiceCreated` → `InvoicePosted`). */
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
