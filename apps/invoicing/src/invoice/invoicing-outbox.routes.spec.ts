import { randomUUID } from 'node:crypto';
import { StoredEvent } from '@app/event-store';
import { invoicingOutboxRoute } from './invoicing-outbox.routes';

const sut = invoicingOutboxRoute({
  invoices: 'p.invoicing.invoices',
  processRuns: 'p.invoicing.process-runs',
});

function aStoredEvent(streamType: string, eventType: string, data: unknown): StoredEvent {
  return {
    globalPosition: 1,
    streamId: randomUUID(),
    streamType,
    streamVersion: 1,
    eventId: randomUUID(),
    eventType,
    schemaVersion: 1,
    data,
    metadata: {},
    occurredAt: new Date('2024-03-02T06:00:00Z'),
    recordedAt: new Date('2024-03-02T06:00:00Z'),
  };
}

describe('invoicingOutboxRoute', () => {
  it('sends invoice events to the invoices topic keyed by contract', () => {
    const event = aStoredEvent('invoice', 'InvoiceConfirmed', { invoiceId: 'i', contractId: 'contract-7' });
    expect(sut(event)).toEqual({ topic: 'p.invoicing.invoices', key: 'contract-7' });
  });

  it('sends process-run events to the process-runs topic keyed by batch job', () => {
    const event = aStoredEvent('process-run', 'ProcessRunStarted', {
      processRunId: 'r',
      batchJobId: 'job-1',
    });
    expect(sut(event)).toEqual({ topic: 'p.invoicing.process-runs', key: 'job-1' });
  });

  it('refuses an event it has no topic for, rather than publishing it anywhere', () => {
    expect(() => sut(aStoredEvent('batch-job', 'BatchJobCreated', {}))).toThrow("stream type 'batch-job'");
  });

  it('refuses an invoice event without its contract, which would break per-contract order', () => {
    expect(() => sut(aStoredEvent('invoice', 'InvoiceCreated', { invoiceId: 'i' }))).toThrow('contractId');
  });
});
