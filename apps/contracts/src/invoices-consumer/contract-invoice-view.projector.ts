import { InvoiceCreated, InvoiceEvent } from '@app/event-contracts';
import { QueryRunner } from 'typeorm';

function billedIds(invoice: InvoiceCreated, kind: 'Transaction' | 'Milestone'): string[] {
  return invoice.lines.flatMap((line) => line.details.filter((d) => d.kind === kind).map((d) => d.id));
}

/**
 * A draft bills its transactions and milestones. A corrective invoice (`correctsInvoiceId` set)
 * credits a posted one: what it credits stays Posted, and since nothing points at the corrective,
 * its own confirmation or cancellation moves nothing either.
 */
async function invoiceCreated(runner: QueryRunner, invoice: InvoiceCreated): Promise<void> {
  if (invoice.correctsInvoiceId !== null) return;
  const { invoiceId, invoiceNumber, contractId } = invoice;
  await runner.query(
    `UPDATE contract_transactions SET billing_status = 'Billed', invoice_id = $3, invoice_number = $4
     WHERE contract_id = $1 AND transaction_id = ANY($2::text[])`,
    [contractId, billedIds(invoice, 'Transaction'), invoiceId, invoiceNumber],
  );
  await runner.query(
    `INSERT INTO milestone_invoices (contract_id, milestone_id, invoice_id, invoice_number, status)
     SELECT $1, id, $3, $4, 'InvoiceCreated' FROM unnest($2::text[]) AS ids(id)
     ON CONFLICT (contract_id, milestone_id)
     DO UPDATE SET invoice_id = EXCLUDED.invoice_id, invoice_number = EXCLUDED.invoice_number, status = 'InvoiceCreated'`,
    [contractId, billedIds(invoice, 'Milestone'), invoiceId, invoiceNumber],
  );
  await runner.query(
    `INSERT INTO line_invoice_runs (contract_id, contract_line_id, invoice_id, invoice_run_date)
     SELECT $1, line_id, $3, $4 FROM unnest($2::text[]) AS lines(line_id)
     ON CONFLICT DO NOTHING`,
    [
      contractId,
      [...new Set(invoice.lines.map((line) => line.contractLineId))],
      invoiceId,
      invoice.invoiceRunDate,
    ],
  );
}

async function invoiceConfirmed(runner: QueryRunner, invoiceId: string): Promise<void> {
  await runner.query(`UPDATE contract_transactions SET billing_status = 'Posted' WHERE invoice_id = $1`, [
    invoiceId,
  ]);
  await runner.query(`UPDATE milestone_invoices SET status = 'InvoicePosted' WHERE invoice_id = $1`, [
    invoiceId,
  ]);
}

/** A cancelled draft frees what it billed; a schedule entry it covered stays run (the run did happen). */
async function invoiceCancelled(runner: QueryRunner, invoiceId: string): Promise<void> {
  await runner.query(
    `UPDATE contract_transactions SET billing_status = 'Unbilled', invoice_id = NULL, invoice_number = NULL
     WHERE invoice_id = $1 AND billing_status = 'Billed'`,
    [invoiceId],
  );
  await runner.query(`DELETE FROM milestone_invoices WHERE invoice_id = $1 AND status = 'InvoiceCreated'`, [
    invoiceId,
  ]);
}

/**
 * Keeps the contract view's billing statuses as the invoicing service reports them (SPEC 5.2).
 * The statuses stay a view and never become contract events: they are the invoicing service's
 * facts, no contract rule depends on them, and a contract's stream stays the record of what
 * upstream systems told it. Every statement only moves rows of the invoice it names, so a
 * replayed event is harmless even before the event-id guard skips it.
 */
export async function projectInvoiceEvent(runner: QueryRunner, event: InvoiceEvent): Promise<void> {
  switch (event.type) {
    case 'InvoiceCreated':
      return invoiceCreated(runner, event.data);
    case 'InvoiceConfirmed':
      return invoiceConfirmed(runner, event.data.invoiceId);
    case 'InvoiceCancelled':
      return invoiceCancelled(runner, event.data.invoiceId);
  }
}
