import {
  InvoiceCreated,
  InvoiceEvent,
  InvoiceEventFieldError,
  InvoiceEventType,
  upcasterRegistry,
  validateInvoiceDetailsAdded,
} from '@app/event-contracts';
import { InvalidMessageError, parseEnvelope } from '@app/event-store';

export const INVOICE_EVENT_ERROR_CODES = { invalid: 'INVALID_EVENT' } as const;

/** An invoice event this service applies, or one of a type it has no use for. */
export type InvoiceEventMessage =
  | { readonly eventId: string; readonly event: InvoiceEvent }
  | { readonly eventId: string; readonly event: null };

const APPLIED_TYPES: readonly InvoiceEventType[] = [
  'InvoiceCreated',
  'InvoiceDetailsAdded',
  'InvoiceConfirmed',
  'InvoiceCancelled',
];

type Json = Record<string, unknown>;

function invalid(field: string, problem: string): InvalidMessageError {
  return new InvalidMessageError(INVOICE_EVENT_ERROR_CODES.invalid, `${field} ${problem}`, field);
}

function text(data: Json, field: string, path = `data.${field}`): string {
  const value = data[field];
  if (typeof value !== 'string' || value.length === 0) throw invalid(path, 'must be a non-empty string');
  return value;
}

function nullableText(data: Json, field: string, path = `data.${field}`): string | null {
  const value = data[field];
  if (value === null) return null;
  if (typeof value !== 'string') throw invalid(path, 'must be a string or null');
  return value;
}

function objects(value: unknown, path: string): Json[] {
  const valid = Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null);
  if (!valid) throw invalid(path, 'must be a list of objects');
  return value as Json[];
}

/** Only what the contract view reads of an invoice: which lines, transactions and milestones it bills. */
function invoiceCreated(data: Json): InvoiceCreated {
  const lines = objects(data.lines, 'data.lines').map((line, i) => {
    const details = objects(line.details, `data.lines[${i}].details`).map((detail, j) => {
      const path = `data.lines[${i}].details[${j}]`;
      const kind = detail.kind;
      if (kind !== 'Transaction' && kind !== 'Milestone')
        throw invalid(`${path}.kind`, 'must be Transaction or Milestone');
      return { ...detail, kind, id: text(detail, 'id', `${path}.id`) };
    });
    return {
      ...line,
      contractLineId: text(line, 'contractLineId', `data.lines[${i}].contractLineId`),
      details,
    };
  });
  // Absent in records published before invoices came in parts: those carry every detail.
  const detailParts = data.detailParts ?? 0;
  if (typeof detailParts !== 'number' || !Number.isInteger(detailParts) || detailParts < 0)
    throw invalid('data.detailParts', 'must be an integer >= 0');
  const invoiceRunDate = text(data, 'invoiceRunDate');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(invoiceRunDate))
    throw invalid('data.invoiceRunDate', 'must be a date YYYY-MM-DD');
  return {
    ...data,
    invoiceId: text(data, 'invoiceId'),
    invoiceNumber: text(data, 'invoiceNumber'),
    contractId: text(data, 'contractId'),
    invoiceRunDate,
    correctsInvoiceId: nullableText(data, 'correctsInvoiceId'),
    detailParts,
    lines,
  } as unknown as InvoiceCreated;
}

/** A part of an invoice too large for one record (docs/product.md 4.2), every field checked. */
function invoiceDetailsAdded(data: Json) {
  try {
    return validateInvoiceDetailsAdded(data);
  } catch (error) {
    if (error instanceof InvoiceEventFieldError) throw invalid(error.field, error.problem);
    throw error;
  }
}

/**
 * An `invoicing.invoices` record: the docs/product.md 4.2 envelope, then the fields the view needs. A type
 * this service does not apply is acknowledged and skipped, so the invoicing service can publish
 * new kinds of invoice events without stopping this consumer; an applied type is first raised to its
 * current schema version, and one that cannot be (newer than this service knows) is refused as
 * UNSUPPORTED_SCHEMA_VERSION.
 */
export function parseInvoiceEvent(value: Buffer | string | null): InvoiceEventMessage {
  const envelope = parseEnvelope(value);
  const type = envelope.eventType as InvoiceEventType;
  if (!APPLIED_TYPES.includes(type)) return { eventId: envelope.eventId, event: null };
  // A version this service cannot raise is dead-lettered, not skipped: skipping would lose a billing status.
  const raised = upcasterRegistry.upcast(envelope);
  if (!raised.ok) {
    const { code, message, field } = raised.refusal;
    throw new InvalidMessageError(code, message, field);
  }
  const data = raised.envelope.data;
  if (type === 'InvoiceCreated')
    return { eventId: envelope.eventId, event: { type, data: invoiceCreated(data) } };
  if (type === 'InvoiceDetailsAdded')
    return { eventId: envelope.eventId, event: { type, data: invoiceDetailsAdded(data) } };
  const lifecycle = {
    invoiceId: text(data, 'invoiceId'),
    invoiceNumber: text(data, 'invoiceNumber'),
    contractId: text(data, 'contractId'),
  };
  return { eventId: envelope.eventId, event: { type, data: lifecycle } as InvoiceEvent };
}
