import { InvoiceDocument, InvoiceConfirmed } from '@app/event-contracts';
import { correctiveInvoice } from './corrective-invoice';
import { ProposedInvoice } from './proposed-invoice';
import { InvoiceDecision, InvoiceRuleViolation, refuseInvoice } from './invoice-rule-violation';
import { InvoiceState } from './invoice.state';

/**
 * Commands on an existing invoice. Confirming posts a draft (one-way, read-only afterwards);
 * cancelling drops a draft, and what it billed returns: transactions to unbilled, milestones to
 * `ReadyForInvoicing` (see `billedItemsOf`).
 */
export type InvoiceCommand = { readonly type: 'ConfirmInvoice' } | { readonly type: 'CancelInvoice' };

export function decideInvoice(command: InvoiceCommand, state: InvoiceState): InvoiceDecision {
  if (state === null) return refuseInvoice('INVOICE_NOT_FOUND', 'no such invoice');
  if (state.status !== 'Draft') {
    return refuseInvoice('INVOICE_NOT_DRAFT', `only a draft can be changed; the invoice is ${state.status}`);
  }
  const data = identity(state.invoice);
  return command.type === 'ConfirmInvoice'
    ? { ok: true, events: [{ type: 'InvoiceConfirmed', data }] }
    : { ok: true, events: [{ type: 'InvoiceCancelled', data }] };
}

export type CorrectionDecision =
  | { readonly ok: true; readonly proposal: ProposedInvoice }
  | { readonly ok: false; readonly violation: InvoiceRuleViolation };

/**
 * A confirmed invoice is corrected by a corrective draft that credits it in full. The decision is
 * the proposal; the caller gives it an id and number and appends its `InvoiceCreated` to a new
 * stream. `correctives` are the states of the invoices already correcting this one (found by their
 * `correctsInvoiceId`): one that is not cancelled means the invoice has been corrected, and a credit
 * twice over would be wrong. A cancelled corrective draft credited nothing, so it does not count.
 */
export function correctInvoice(
  state: InvoiceState,
  correctives: readonly InvoiceState[],
): CorrectionDecision {
  if (state === null) return refuseInvoice('INVOICE_NOT_FOUND', 'no such invoice');
  if (state.invoice.correctsInvoiceId !== null) {
    return refuseInvoice('INVOICE_IS_CORRECTIVE', 'a corrective invoice is not corrected; bill anew instead');
  }
  if (state.status !== 'Confirmed') {
    return refuseInvoice(
      'INVOICE_NOT_CONFIRMED',
      `only a confirmed invoice is corrected; it is ${state.status}`,
    );
  }
  const standing = correctives.find(
    (c) => c !== null && c.invoice.correctsInvoiceId === state.invoice.invoiceId && c.status !== 'Cancelled',
  );
  if (standing) {
    return refuseInvoice(
      'INVOICE_ALREADY_CORRECTED',
      `corrected by invoice ${standing.invoice.invoiceNumber}`,
    );
  }
  return { ok: true, proposal: correctiveInvoice(state.invoice) };
}

/**
 * The transactions and milestones an invoice bills, e.g. to release them when it is cancelled.
 * A corrective invoice bills none: its details only credit what the original billed.
 */
export function billedItemsOf(invoice: InvoiceDocument): {
  readonly transactionIds: readonly string[];
  readonly milestoneIds: readonly string[];
} {
  if (invoice.correctsInvoiceId !== null) return { transactionIds: [], milestoneIds: [] };
  const details = invoice.lines.flatMap((line) => line.details);
  return {
    transactionIds: details.filter((d) => d.kind === 'Transaction').map((d) => d.id),
    milestoneIds: details.filter((d) => d.kind === 'Milestone').map((d) => d.id),
  };
}

function identity(invoice: InvoiceDocument): InvoiceConfirmed {
  return {
    invoiceId: invoice.invoiceId,
    invoiceNumber: invoice.invoiceNumber,
    contractId: invoice.contractId,
  };
}
