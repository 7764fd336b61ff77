import { schemaVersionOf } from '@app/event-contracts';
import { InvoiceEventMessage } from './invoice-topics.reader';
import { recordSchemaProblems } from './record-schemas';

/* What docs/product.md 4.1-4.2 promise about every message on invoicing.invoices, as assertions. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Decimal strings with exactly the currency's minor units (docs/product.md 3.7). */
export const AMOUNT_FORMATS: Record<string, RegExp> = { EUR: /^-?\d+\.\d{2}$/, JPY: /^-?\d+$/ };
const ENVELOPE_FIELDS = [
  'causationId',
  'correlationId',
  'data',
  'eventId',
  'eventType',
  'occurredAt',
  'schemaVersion',
  'streamId',
  'streamVersion',
];
export const INVOICE_CREATED_FIELDS = [
  'billingSplitPercent',
  'contractId',
  'correctsInvoiceId',
  'currency',
  'customerId',
  'detailParts',
  'invoiceId',
  'invoiceNumber',
  'invoiceRunDate',
  'lines',
  'processRunId',
  'status',
  'totalAmount',
];

/** Checks one message against docs/product.md 4.1-4.2 and returns its data. */
export function expectPublishedEnvelope(message: InvoiceEventMessage, contractId: string) {
  const envelope = message.value;
  expect(message.key).toBe(contractId);
  expect(message.headers).toMatchObject({
    'event-type': envelope.eventType,
    'event-id': envelope.eventId,
    'schema-version': String(schemaVersionOf(envelope.eventType)),
  });
  expect(Object.keys(envelope).sort()).toEqual(ENVELOPE_FIELDS);
  expect(envelope.eventId).toMatch(UUID);
  expect(envelope.schemaVersion).toBe(schemaVersionOf(envelope.eventType));
  expect(envelope.streamId).toBe(envelope.data.invoiceId);
  expect(Number.isInteger(envelope.streamVersion) && envelope.streamVersion >= 1).toBe(true);
  expect(new Date(envelope.occurredAt).toISOString()).toBe(envelope.occurredAt);
  for (const link of [envelope.correlationId, envelope.causationId]) {
    expect(link === null || typeof link === 'string').toBe(true);
  }
  expect(recordSchemaProblems('invoicing.invoices', envelope)).toBeNull();
  return envelope.data;
}
