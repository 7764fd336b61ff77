import { EventEnvelope, schemaVersionOf } from '@app/event-contracts';
import { aContract, aContractEventEnvelope } from '@app/testing';
import { validateContractEvent as sut } from './contract-event.validation';
import { JsonObject } from './event-fields';

type RawEnvelope = EventEnvelope<string, JsonObject>;

const contract = aContract({ currency: 'EUR' });
const line = contract.timeAndMaterialLine();
const milestone = contract.fixedPriceLine().milestone({ amount: '1500.00' });
const transaction = line.transaction({ quantity: '7.5', unitPrice: '120', description: 'Design' });

/** A valid envelope of `event` as JSON would carry it, with `data` fields replaced or removed. */
function raw(
  event: Parameters<typeof aContractEventEnvelope>[0],
  streamVersion: number,
  dataOverrides: Record<string, unknown> = {},
  envelopeOverrides: Partial<RawEnvelope> = {},
): RawEnvelope {
  const envelope = JSON.parse(JSON.stringify(aContractEventEnvelope(event, streamVersion))) as RawEnvelope;
  return { ...envelope, data: { ...envelope.data, ...dataOverrides }, ...envelopeOverrides };
}

function rejectionOf(envelope: RawEnvelope) {
  const result = sut(envelope);
  if (result.ok) throw new Error('expected a rejection');
  return result.rejection;
}

describe('validateContractEvent', () => {
  it.each([
    ['ContractCreated', raw(contract.created(), 1)],
    [
      'ContractCustomersSet',
      raw(contract.customersSet([{ customerId: 'c-1', billingSplitPercent: '100' }]), 2),
    ],
    ['ContractLineAdded', raw(line.added(), 3)],
    [
      'InvoiceScheduleSet',
      raw(line.scheduleSet([{ invoiceRunDate: '2025-02-01', transactionCutoffDate: '2025-01-31' }]), 4),
    ],
    ['MilestoneAdded', raw(milestone.added(), 5)],
    ['MilestoneReadyForInvoicing', raw(milestone.readyForInvoicing(), 6)],
    ['TransactionRecorded', raw(transaction.recorded(), 7)],
  ])('accepts a well-formed %s and keeps its data', (_type, envelope) => {
    const result = sut(envelope);
    expect(result).toEqual({ ok: true, event: envelope });
  });

  it('drops data fields the event type does not define', () => {
    const result = sut(raw(line.added(), 3, { colour: 'blue' }));
    expect(result.ok && result.event.data).not.toHaveProperty('colour');
  });

  it('refuses an event type that is not a contract event', () => {
    expect(rejectionOf(raw(contract.created(), 1, {}, { eventType: 'InvoiceCreated' }))).toMatchObject({
      code: 'UNKNOWN_EVENT_TYPE',
      field: 'eventType',
    });
  });

  it('refuses a schema version newer than the current one', () => {
    const newer = schemaVersionOf('ContractCreated') + 1;
    expect(rejectionOf(raw(contract.created(), 1, {}, { schemaVersion: newer }))).toMatchObject({
      code: 'UNSUPPORTED_SCHEMA_VERSION',
      field: 'schemaVersion',
    });
  });

  it('refuses a ContractCreated that is not the first event of its stream', () => {
    expect(rejectionOf(raw(contract.created(), 2)).code).toBe('INVALID_STREAM_VERSION');
  });

  it('refuses any other event as the first event of a stream', () => {
    expect(rejectionOf(raw(line.added(), 1)).code).toBe('INVALID_STREAM_VERSION');
  });

  it('refuses data that names another contract than its stream', () => {
    expect(rejectionOf(raw(line.added(), 2, {}, { streamId: 'another-contract' }))).toMatchObject({
      code: 'STREAM_MISMATCH',
      field: 'data.contractId',
    });
  });

  it.each([
    ['ContractCreated', 'data.currency', raw(contract.created(), 1, { currency: 'euro' })],
    ['ContractCreated', 'data.name', raw(contract.created(), 1, { name: '' })],
    [
      'ContractCustomersSet',
      'data.customers[0].billingSplitPercent',
      raw(contract.customersSet([]), 2, { customers: [{ customerId: 'c', billingSplitPercent: 60 }] }),
    ],
    ['ContractLineAdded', 'data.billingMethod', raw(line.added(), 2, { billingMethod: 'Hourly' })],
    [
      'ContractLineAdded',
      'data.includedTransactionClasses[1]',
      raw(line.added(), 2, { includedTransactionClasses: ['Time', 'Travel'] }),
    ],
    ['ContractLineAdded', 'data.notToExceed', raw(line.added(), 2, { notToExceed: '1e6' })],
    ['ContractLineAdded', 'data.contractLineId', raw(line.added(), 2, { contractLineId: undefined })],
    [
      'InvoiceScheduleSet',
      'data.entries[0].invoiceRunDate',
      raw(line.scheduleSet([]), 2, {
        entries: [{ invoiceRunDate: '2025-02-30', transactionCutoffDate: '2025-02-01' }],
      }),
    ],
    ['InvoiceScheduleSet', 'data.entries', raw(line.scheduleSet([]), 2, { entries: 'weekly' })],
    ['MilestoneAdded', 'data.amount', raw(milestone.added(), 2, { amount: 1500 })],
    ['MilestoneAdded', 'data.milestoneDate', raw(milestone.added(), 2, { milestoneDate: '2025-3-1' })],
    [
      'TransactionRecorded',
      'data.transactionClass',
      raw(transaction.recorded(), 2, { transactionClass: 'Travel' }),
    ],
    ['TransactionRecorded', 'data.quantity', raw(transaction.recorded(), 2, { quantity: '7,5' })],
    ['TransactionRecorded', 'data.amount', raw(transaction.recorded(), 2, { amount: null })],
    ['TransactionRecorded', 'data.description', raw(transaction.recorded(), 2, { description: 42 })],
    [
      'TransactionRecorded',
      'data.transactionDate',
      raw(transaction.recorded(), 2, { transactionDate: '0000-01-01' }),
    ],
  ])('refuses a %s whose %s is bad, naming the field', (_type, field, envelope) => {
    const rejection = rejectionOf(envelope);
    expect(rejection.code).toBe('INVALID_EVENT_DATA');
    expect(rejection.field).toBe(field);
    expect(rejection.message).toContain(field);
  });

  it('leaves business rules to the invoice run: splits that do not sum to 100 are stored as sent', () => {
    const envelope = raw(contract.customersSet([{ customerId: 'c-1', billingSplitPercent: '60' }]), 2);
    expect(sut(envelope).ok).toBe(true);
  });
});
