import { InvoiceCreated, InvoiceDetailsAdded, InvoiceEvent, InvoiceLineDetail } from '@app/event-contracts';
import { QueryRunner } from 'typeorm';

interface BilledItems {
  readonly contractId: string;
  /** Whose share of the items the invoice bills. */
  readonly customerId: string;
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly details: readonly InvoiceLineDetail[];
}

function billedIds(details: readonly InvoiceLineDetail[], kind: 'Transaction' | 'Milestone'): string[] {
  return details.filter((d) => d.kind === kind).map((d) => d.id);
}

/** The transactions and milestones of some of an invoice's details become billed by it. */
async function markBilled(runner: QueryRunner, items: BilledItems): Promise<void> {
  const { contractId, customerId, invoiceId, invoiceNumber, details } = items;
  await runner.query(
    `INSERT INTO contract_item_shares (contract_id, item_kind, item_id, customer_id, invoice_id, invoice_number)
     SELECT $1, kind, id, $2, $5, $6 FROM unnest($3::text[], $4::text[]) AS d (kind, id)
     ON CONFLICT (contract_id, item_kind, item_id, customer_id)
     DO UPDATE SET invoice_id = EXCLUDED.invoice_id, invoice_number = EXCLUDED.invoice_number, posted = false`,
    [contractId, customerId, details.map((d) => d.kind), details.map((d) => d.id), invoiceId, invoiceNumber],
  );
  await runner.query(
    `UPDATE contract_transactions SET billing_status = 'Billed', invoice_id = $3, invoice_number = $4
     WHERE contract_id = $1 AND transaction_id = ANY($2::text[])`,
    [contractId, billedIds(details, 'Transaction'), invoiceId, invoiceNumber],
  );
  const milestones = billedIds(details, 'Milestone');
  if (milestones.length === 0) return;
  await runner.query(
    `INSERT INTO milestone_invoices (contract_id, milestone_id, invoice_id, invoice_number, status)
     SELECT $1, id, $3, $4, 'InvoiceCreated' FROM unnest($2::text[]) AS ids(id)
     ON CONFLICT (contract_id, milestone_id)
     DO UPDATE SET invoice_id = EXCLUDED.invoice_id, invoice_number = EXCLUDED.invoice_number, status = 'InvoiceCreated'`,
    [contractId, milestones, invoiceId, invoiceNumber],
  );
}

/**
 * A draft bills its transactions and milestones. A corrective invoice (`correctsInvoiceId` set)
 * credits a posted one: what it credits stays Posted, and since nothing points at the corrective,
 * its own confirmation or cancellation moves nothing either.
 */
async function invoiceCreated(runner: QueryRunner, invoice: InvoiceCreated): Promise<void> {
  if (invoice.correctsInvoiceId !== null) return;
  const { invoiceId, invoiceNumber, contractId, customerId } = invoice;
  const details = invoice.lines.flatMap((line) => line.details);
  await markBilled(runner, { contractId, customerId, invoiceId, invoiceNumber, details });
  await runner.query(
    `INSERT INTO line_invoice_runs (contract_id, contract_line_id, invoice_id, invoice_run_date, customer_id)
     SELECT $1, line_id, $3, $4, $5 FROM unnest($2::text[]) AS lines(line_id)
     ON CONFLICT DO NOTHING`,
    [
      contractId,
      [...new Set(invoice.lines.map((line) => line.contractLineId))],
      invoiceId,
      invoice.invoiceRunDate,
      customerId,
    ],
  );
}

/**
 * The details that did not fit the invoice's `InvoiceCreated` (docs/product.md 4.2). A part carries no
 * `correctsInvoiceId`; its `InvoiceCreated`, read before it (same key, same stream), recorded the
 * invoice's lines in `line_invoice_runs` only when it bills, so a corrective's parts move nothing.
 */
async function invoiceDetailsAdded(runner: QueryRunner, part: InvoiceDetailsAdded): Promise<void> {
  const { invoiceId, invoiceNumber, contractId } = part;
  const bills = (await runner.query(
    'SELECT customer_id FROM line_invoice_runs WHERE contract_id = $1 AND invoice_id = $2 LIMIT 1',
    [contractId, invoiceId],
  )) as { customer_id: string | null }[];
  if (bills.length === 0) return;
  const customerId = bills[0].customer_id ?? '';
  await markBilled(runner, { contractId, customerId, invoiceId, invoiceNumber, details: part.details });
}

async function invoiceConfirmed(runner: QueryRunner, invoiceId: string): Promise<void> {
  await runner.query(`UPDATE contract_transactions SET billing_status = 'Posted' WHERE invoice_id = $1`, [
    invoiceId,
  ]);
  await runner.query(`UPDATE milestone_invoices SET status = 'InvoicePosted' WHERE invoice_id = $1`, [
    invoiceId,
  ]);
  await runner.query('UPDATE contract_item_shares SET posted = true WHERE invoice_id = $1', [invoiceId]);
}

/**
 * A cancelled draft frees its customer's shares of what it billed (docs/product.md 3.12): a transaction with
 * a share owed again is unbilled; a milestone stays invoiced, by another share's invoice, while
 * another customer's share of it stands.
 */
async function invoiceCancelled(runner: QueryRunner, invoiceId: string): Promise<void> {
  // The structured result: TypeORM returns a DELETE's rows in another shape otherwise.
  const deleted = await runner.query(
    `DELETE FROM contract_item_shares WHERE invoice_id = $1 AND NOT posted RETURNING contract_id, item_kind, item_id`,
    [invoiceId],
    true,
  );
  const freed = (deleted.records ?? []) as { contract_id: string; item_kind: string; item_id: string }[];
  const transactionIds = freed.filter((f) => f.item_kind === 'Transaction').map((f) => f.item_id);
  await runner.query(
    `UPDATE contract_transactions SET billing_status = 'Unbilled', invoice_id = NULL, invoice_number = NULL
     WHERE (invoice_id = $1 OR (contract_id = $2 AND transaction_id = ANY($3::text[]))) AND billing_status = 'Billed'`,
    [invoiceId, freed[0]?.contract_id ?? null, transactionIds],
  );
  await runner.query(
    `WITH standing AS (
       SELECT DISTINCT ON (s.contract_id, s.item_id) s.contract_id, s.item_id, s.invoice_id, s.invoice_number, s.posted
       FROM contract_item_shares AS s JOIN milestone_invoices AS m
         ON m.contract_id = s.contract_id AND m.milestone_id = s.item_id
       WHERE m.invoice_id = $1 AND s.item_kind = 'Milestone'
       ORDER BY s.contract_id, s.item_id, s.customer_id
     )
     UPDATE milestone_invoices AS m SET invoice_id = standing.invoice_id, invoice_number = standing.invoice_number,
       status = CASE WHEN standing.posted THEN 'InvoicePosted' ELSE 'InvoiceCreated' END
     FROM standing WHERE m.contract_id = standing.contract_id AND m.milestone_id = standing.item_id`,
    [invoiceId],
  );
  await runner.query(`DELETE FROM milestone_invoices WHERE invoice_id = $1 AND status = 'InvoiceCreated'`, [
    invoiceId,
  ]);
}

/**
 * Keeps the contract view's billing statuses as the invoicing service reports them (docs/product.md 5.2).
 * The statuses stay a view and never become contract events: they are the invoicing service's
 * facts, no contract rule depends on them, and a contract's stream stays the record of what
 * upstream systems told it. Every statement only moves rows of the invoice it names, so a
 * replayed event is harmless even before the event-id guard skips it.
 */
export async function projectInvoiceEvent(runner: QueryRunner, event: InvoiceEvent): Promise<void> {
  switch (event.type) {
    case 'InvoiceCreated':
      return invoiceCreated(runner, event.data);
    case 'InvoiceDetailsAdded':
      return invoiceDetailsAdded(runner, event.data);
    case 'InvoiceConfirmed':
      return invoiceConfirmed(runner, event.data.invoiceId);
    case 'InvoiceCancelled':
      return invoiceCancelled(runner, event.data.invoiceId);
  }
}
