import { randomUUID } from 'node:crypto';
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

  it('skips event types and schema versions it has no use for instead of refusing them', () => {
    expect(parseInvoiceEvent(JSON.stringify(anEnvelope('InvoicePaid', lifecycle))).event).toBeNull();
    expect(parseInvoiceEvent(JSON.stringify(anEnvelope('InvoiceConfirmed', lifecycle, 2))).event).toBeNull();
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
