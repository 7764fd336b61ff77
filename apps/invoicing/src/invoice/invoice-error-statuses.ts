import { HttpStatus } from '@nestjs/common';
import { DomainError, DomainErrorStatus, DomainErrorStatusTable } from '@app/platform';
import {
  INVOICE_RULE_VIOLATIONS,
  InvoiceRuleViolation,
  InvoiceRuleViolationCode,
  InvoiceRuleViolationKind,
} from './domain';

/** A concurrent write to the same invoice won every retry; the client may try again. */
export const INVOICE_CHANGED_CONCURRENTLY = 'INVOICE_CHANGED_CONCURRENTLY';

const STATUS_OF_KIND: Record<InvoiceRuleViolationKind, DomainErrorStatus> = {
  NotFound: HttpStatus.NOT_FOUND,
  Conflict: HttpStatus.CONFLICT,
};

/** How the invoice lifecycle's refusals become HTTP statuses; merged into the root module's table. */
export const INVOICE_ERROR_STATUSES: DomainErrorStatusTable = {
  ...Object.fromEntries(
    (Object.keys(INVOICE_RULE_VIOLATIONS) as InvoiceRuleViolationCode[]).map((code) => [
      code,
      STATUS_OF_KIND[INVOICE_RULE_VIOLATIONS[code]],
    ]),
  ),
  [INVOICE_CHANGED_CONCURRENTLY]: HttpStatus.CONFLICT,
};

export function invoiceRefused(violation: InvoiceRuleViolation): DomainError {
  return new DomainError(violation.code, violation.message);
}

export function invoiceNotFound(invoiceId: string): DomainError {
  return new DomainError('INVOICE_NOT_FOUND', `no invoice ${invoiceId}`);
}
