import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Billed marks per customer share (docs/product.md 3.12). A row is one customer's share of a transaction or
 * milestone: `invoice_id` names the standing invoice that holds it, or is null when the invoice
 * was cancelled while another share of the item still stands (the share is owed again, at
 * `amount`, to that customer). An item with no rows is unbilled, every share of it.
 *
 * `transactions.invoice_id` and `milestones.invoice_id` stay as summaries of these rows: set while
 * every share of the item stands, null while some share of it is owed, so the unbilled index keeps
 * working. Existing marks move here from the invoices' documents; shares an earlier cancel left
 * stranded (one customer's invoice of a split cancelled while a sibling stands) become owed, and
 * the schedule entries of their invoices due again, so the next run bills them.
 */
const UP = [
  `CREATE TABLE invoicing.billed_shares (
    item_kind text NOT NULL CHECK (item_kind IN ('Transaction', 'Milestone')),
    item_id text NOT NULL,
    customer_id text NOT NULL,
    contract_id text NOT NULL,
    contract_line_id text NOT NULL,
    amount numeric NOT NULL,
    billing_split_percent numeric NOT NULL,
    invoice_id uuid REFERENCES invoicing.invoices (invoice_id),
    PRIMARY KEY (item_kind, item_id, customer_id)
  )`,
  `CREATE INDEX billed_shares_invoice_idx ON invoicing.billed_shares (invoice_id) WHERE invoice_id IS NOT NULL`,
  `CREATE INDEX billed_shares_owed_idx ON invoicing.billed_shares (contract_line_id) WHERE invoice_id IS NULL`,
  `CREATE TEMPORARY TABLE share_details AS
   SELECT detail->>'kind' AS item_kind, detail->>'id' AS item_id, i.customer_id, i.contract_id,
     line->>'contractLineId' AS contract_line_id, (detail->>'amount')::numeric AS amount,
     i.billing_split_percent, i.invoice_id, i.status, i.invoice_run_date, i.created_at, i.invoice_number
   FROM invoicing.invoices AS i
   CROSS JOIN LATERAL jsonb_array_elements(i.document->'lines') AS line
   CROSS JOIN LATERAL jsonb_array_elements(line->'details') AS detail
   WHERE i.corrects_invoice_id IS NULL`,
  `INSERT INTO invoicing.billed_shares (item_kind, item_id, customer_id, contract_id, contract_line_id, amount,
     billing_split_percent, invoice_id)
   SELECT DISTINCT ON (item_kind, item_id, customer_id) item_kind, item_id, customer_id, contract_id,
     contract_line_id, amount, billing_split_percent, invoice_id
   FROM share_details WHERE status <> 'Cancelled'
   ORDER BY item_kind, item_id, customer_id, created_at DESC`,
  // A cancelled customer's share of an item another customer's invoice still holds: owed again.
  `INSERT INTO invoicing.billed_shares (item_kind, item_id, customer_id, contract_id, contract_line_id, amount,
     billing_split_percent, invoice_id)
   SELECT DISTINCT ON (d.item_kind, d.item_id, d.customer_id) d.item_kind, d.item_id, d.customer_id,
     d.contract_id, d.contract_line_id, d.amount, d.billing_split_percent, NULL
   FROM share_details AS d
   WHERE d.status = 'Cancelled'
     AND EXISTS (SELECT 1 FROM invoicing.billed_shares AS s WHERE s.item_kind = d.item_kind AND s.item_id = d.item_id)
   ORDER BY d.item_kind, d.item_id, d.customer_id, d.created_at DESC
   ON CONFLICT DO NOTHING`,
  `UPDATE invoicing.transactions AS t SET invoice_id = NULL FROM invoicing.billed_shares AS s
   WHERE s.item_kind = 'Transaction' AND s.item_id = t.transaction_id AND s.invoice_id IS NULL`,
  `UPDATE invoicing.milestones AS m SET invoice_id = NULL FROM invoicing.billed_shares AS s
   WHERE s.item_kind = 'Milestone' AND s.item_id = m.milestone_id AND s.invoice_id IS NULL`,
  `UPDATE invoicing.schedule_entries AS e
   SET status = 'NotRun', invoice_id = NULL, process_run_id = NULL, failure_reason = NULL
   FROM share_details AS d
   JOIN invoicing.billed_shares AS s
     ON s.item_kind = d.item_kind AND s.item_id = d.item_id AND s.customer_id = d.customer_id
   WHERE s.invoice_id IS NULL AND d.status = 'Cancelled' AND d.item_kind = 'Transaction'
     AND e.contract_line_id = d.contract_line_id AND e.invoice_run_date = d.invoice_run_date
     AND e.status = 'RunSuccessful'`,
  'DROP TABLE share_details',
];

export class BilledShares1795491760000 implements MigrationInterface {
  name = 'BilledShares1795491760000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS invoicing.billed_shares');
  }
}
