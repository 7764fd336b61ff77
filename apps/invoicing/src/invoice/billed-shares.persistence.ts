import { InvoiceDocument } from '@app/event-contracts';
import { QueryRunner } from 'typeorm';
import { affectedRows } from '../database';

/*
 * Billed shares (docs/product.md 3.12): one row per customer share of a transaction or milestone,
 * naming the invoice that bills it, so a cancel releases exactly that share.
 */

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
