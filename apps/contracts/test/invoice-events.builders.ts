import { randomUUID } from 'node:crypto';
import {
  EventEnvelope,
  INVOICE_EVENT_TYPES,
  InvoiceCreated,
  InvoiceEventType,
  invoiceFromCreated,
  InvoiceLineDetail,
  invoiceRecords,
  schemaVersionOf,
} from '@app/event-contracts';

let invoiceNumber = 0;

/** What an invoice bills on one contract line: transactions or milestones, by id. */
export interface BilledLine {
  readonly contractLineId: string;
  readonly transactionIds?: readonly string[];
  readonly milestoneIds?: readonly string[];
}

function details(line: BilledLine): InvoiceLineDetail[] {
  const transactions = (line.transactionIds ?? []).map((id) => ({
    kind: 'Transaction' as const,
    id,
    transactionClass: 'Time' as const,
    date: '2025-03-10',
    quantity: '1',
    unitPrice: '100.00',
    amount: '100.00',
  }));
  const milestones = (line.milestoneIds ?? []).map((id) => ({
    kind: 'Milestone' as const,
    id,
    transactionClass: null,
    date: '2025-03-31',
    quantity: null,
    unitPrice: null,
    amount: '1000.00',
  }));
  return [...transactions, ...milestones];
}

/** An `InvoiceCreated` of a draft billing the given lines, as the invoicing service publishes it. */
export function anInvoiceCreated(
  contractId: string,
  lines: readonly BilledLine[],
  overrides: Partial<InvoiceCreated> = {},
): InvoiceCreated {
  invoiceNumber += 1;
  return {
    detailParts: 0,
    invoiceId: randomUUID(),
    invoiceNumber: `INV-${String(invoiceNumber).padStart(6, '0')}`,
    contractId,
    customerId: randomUUID(),
    currency: 'EUR',
    billingSplitPercent: '100',
    invoiceRunDate: '2025-04-01',
    processRunId: randomUUID(),
    correctsInvoiceId: null,
    status: 'Draft',
    totalAmount: '0.00',
    lines: lines.map((line, index) => ({
      lineNumber: index + 1,
      contractLineId: line.contractLineId,
      billingMethod: line.milestoneIds ? 'FixedPrice' : 'TimeAndMaterial',
      amount: '0.00',
      details: details(line),
    })),
    ...overrides,
  };
}

/** The docs/product.md 4.2 envelope of an invoice event (stream = the invoice). */
export function anInvoiceEnvelope(
  eventType: string,
  data: { invoiceId: string; invoiceNumber: string; contractId: string },
): EventEnvelope {
  return {
    eventId: randomUUID(),
    eventType,
    // A type the invoicing service does not publish (a test of skipping) gets the first version.
    schemaVersion: (INVOICE_EVENT_TYPES as readonly string[]).includes(eventType)
      ? schemaVersionOf(eventType as InvoiceEventType)
      : 1,
    streamId: data.invoiceId,
    streamVersion: eventType === 'InvoiceCreated' ? 1 : 2,
    occurredAt: '2025-04-01T06:00:00.000Z',
    correlationId: null,
    causationId: null,
    data:
      eventType === 'InvoiceCreated'
        ? data
        : { invoiceId: data.invoiceId, invoiceNumber: data.invoiceNumber, contractId: data.contractId },
  };
}

/** The envelopes that publish an invoice in records of at most `maxBytes` of data: `InvoiceCreated`, then its parts. */
export function invoiceRecordEnvelopes(invoice: InvoiceCreated, maxBytes: number): EventEnvelope[] {
  return invoiceRecords(invoiceFromCreated(invoice), maxBytes).map((record, index) => ({
    ...anInvoiceEnvelope(record.type, invoice),
    streamVersion: index + 1,
    data: record.data,
  }));
}
