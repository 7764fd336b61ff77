import { randomUUID } from 'node:crypto';
import { schemaVersionOf } from '@app/event-contracts';
import { GOLDEN_INVOICE_EVENTS } from '@app/event-contracts/golden/golden-events.builders';
import { InvalidMessageError } from '@app/event-store';
import { parseInvoiceEvent } from './invoice-event.parser';

function anEnvelope(eventType: string, data: Record<string, unknown>, schemaVersion = 1) {
  return {
    eventId: randomUUID(),
    eventType,
    schemaVersion,
    streamId: randomUUID(),
    streamVersion: 1,
    occurredAt: '2025-04-01T06:00:00.000Z',
    correlationId: null,
    causationId: null,
    data,
  };
}

const lifecycle = { invoiceId: randomUUID(), invoiceNumber: 'INV-000007', contractId: randomUUID() };
const created = {
  ...lifecycle,
  invoiceRunDate: '2025-04-01',
  correctsInvoiceId: null,
  lines: [{ contractLineId: randomUUID(), details: [{ kind: 'Transaction', id: randomUUID() }] }],
};

function refusal(value: unknown): InvalidMessageError {
  try {
    parseInvoiceEvent(JSON.stringify(value));
  } catch (error) {
    if (error instanceof InvalidMessageError) return error;
    throw error;
  }
  throw new Error('expected the event to be refused');
}

describe('parseInvoiceEvent', () => {
  it('reads the invoice events the contract view applies', () => {
    const envelope = anEnvelope('InvoiceCancelled', lifecycle);
    expect(parseInvoiceEvent(JSON.stringify(envelope))).toEqual({
      eventId: envelope.eventId,
      event: { type: 'InvoiceCancelled', data: lifecycle },
    });
    expect(parseInvoiceEvent(JSON.stringify(anEnvelope('InvoiceCreated', created))).event).toMatchObject({
      type: 'InvoiceCreated',
      data: created,
    });
  });

  it('reads the parts of an invoice too large for one record, and a part count on InvoiceCreated', () => {
    const part = {
      ...lifecycle,
      part: 1,
      partCount: 2,
      details: [
        {
          lineNumber: 1,
          kind: 'Transaction',
          id: randomUUID(),
          transactionClass: 'Time',
          date: '2025-03-31',
          quantity: '2',
          unitPrice: '10.00',
          amount: '20.00',
        },
      ],
    };
    expect(parseInvoiceEvent(JSON.stringify(anEnvelope('InvoiceDetailsAdded', part))).event).toEqual({
      type: 'InvoiceDetailsAdded',
      data: part,
    });
    const inParts = anEnvelope('InvoiceCreated', { ...created, detailParts: 2 });
    expect(parseInvoiceEvent(JSON.stringify(inParts)).event).toMatchObject({ data: { detailParts: 2 } });
    expect(parseInvoiceEvent(JSON.stringify(anEnvelope('InvoiceCreated', created))).event).toMatchObject({
      data: { detailParts: 0 },
    });
  });

  it('refuses a malformed part or part count, naming the field', () => {
    const part = { ...lifecycle, part: 3, partCount: 2, details: [] };
    expect(refusal(anEnvelope('InvoiceDetailsAdded', part)).message).toMatch(/data\.part must be at most/);
    expect(refusal(anEnvelope('InvoiceCreated', { ...created, detailParts: -1 })).message).toMatch(
      /data\.detailParts must be an integer >= 0/,
    );
  });

  it.each(Object.values(GOLDEN_INVOICE_EVENTS).map((build) => [build().eventType, build()] as const))(
    'reads the golden %s fixture',
    (type, golden) => {
      expect(parseInvoiceEvent(JSON.stringify(golden))).toMatchObject({
        eventId: golden.eventId,
        event: { type, data: { invoiceId: golden.data.invoiceId } },
      });
    },
  );

  it('skips event types it has no use for instead of refusing them', () => {
    expect(parseInvoiceEvent(JSON.stringify(anEnvelope('InvoicePaid', lifecycle))).event).toBeNull();
  });

  it('refuses an applied event in a schema version newer than it knows, naming schemaVersion', () => {
    const newer = schemaVersionOf('InvoiceConfirmed') + 1;
    expect(refusal(anEnvelope('InvoiceConfirmed', lifecycle, newer))).toMatchObject({
      code: 'UNSUPPORTED_SCHEMA_VERSION',
      field: 'schemaVersion',
      message: `schemaVersion ${newer} of InvoiceConfirmed is newer than this reader's ${newer - 1}`,
    });
  });

  it('refuses a broken envelope with the envelope parser’s code', () => {
    expect(refusal({ ...anEnvelope('InvoiceConfirmed', lifecycle), eventId: 'x' }).code).toBe(
      'INVALID_ENVELOPE',
    );
  });

  it.each([
    ['data.invoiceId', anEnvelope('InvoiceConfirmed', { ...lifecycle, invoiceId: 3 })],
    ['data.lines', anEnvelope('InvoiceCreated', { ...created, lines: 'none' })],
    [
      'data.lines[0].details[0].kind',
      anEnvelope('InvoiceCreated', {
        ...created,
        lines: [{ contractLineId: 'l', details: [{ kind: 'Hour', id: 'x' }] }],
      }),
    ],
    ['data.invoiceRunDate', anEnvelope('InvoiceCreated', { ...created, invoiceRunDate: 'April' })],
    ['data.correctsInvoiceId', anEnvelope('InvoiceCreated', { ...created, correctsInvoiceId: 5 })],
  ])('names %s when it is not what the view needs', (field, envelope) => {
    expect(refusal(envelope)).toMatchObject({ code: 'INVALID_EVENT', field });
  });
});
