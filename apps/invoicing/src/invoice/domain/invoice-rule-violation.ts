import { InvoiceEvent } from '@app/event-contracts';

/**
 * Every way an invoice command can be refused, as named values. The kind says how an adapter
 * answers: `NotFound` (404) or `Conflict` (409: the invoice is not in a state that allows it).
 */
export const INVOICE_RULE_VIOLATIONS = {
  INVOICE_NOT_FOUND: 'NotFound',
  INVOICE_NOT_DRAFT: 'Conflict',
  INVOICE_NOT_CONFIRMED: 'Conflict',
  INVOICE_ALREADY_CORRECTED: 'Conflict',
  INVOICE_IS_CORRECTIVE: 'Conflict',
} as const;

export type InvoiceRuleViolationCode = keyof typeof INVOICE_RULE_VIOLATIONS;
export type InvoiceRuleViolationKind = (typeof INVOICE_RULE_VIOLATIONS)[InvoiceRuleViolationCode];

export interface InvoiceRuleViolation {
  readonly code: InvoiceRuleViolationCode;
  readonly message: string;
}

/** What `decideInvoice` returns: the events to append to the invoice's stream, or why not. */
export type InvoiceDecision =
  | { readonly ok: true; readonly events: readonly InvoiceEvent[] }
  | { readonly ok: false; readonly violation: InvoiceRuleViolation };

export function invoiceViolationKind(code: InvoiceRuleViolationCode): InvoiceRuleViolationKind {
  return INVOICE_RULE_VIOLATIONS[code];
}

export function refuseInvoice(
  code: InvoiceRuleViolationCode,
  message: string,
): {
  readonly ok: false;
  readonly violation: InvoiceRuleViolation;
} {
  return { ok: false, violation: { code, message } };
}
