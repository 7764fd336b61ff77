import {
  BILLING_METHODS,
  CONTRACT_EVENT_TYPES,
  ContractEventDataByType,
  ContractEventEnvelope,
  ContractEventType,
  EventEnvelope,
  TRANSACTION_CLASSES,
  upcasterRegistry,
} from '@app/event-contracts';
import { FieldError, FieldReader, JsonObject } from './event-fields';
import { ProjectionRejection, rejection } from './projection-rejection';

export type ContractEventValidation =
  | { readonly ok: true; readonly event: ContractEventEnvelope }
  | { readonly ok: false; readonly rejection: ProjectionRejection };

type DataReaders = { [K in ContractEventType]: (data: FieldReader) => ContractEventDataByType[K] };

const READ_DATA: DataReaders = {
  ContractCreated: (d) => ({
    contractId: d.id('contractId'),
    name: d.text('name'),
    customerId: d.id('customerId'),
    currency: d.currency('currency'),
  }),
  ContractCustomersSet: (d) => ({
    contractId: d.id('contractId'),
    customers: d.list('customers', (c) => ({
      customerId: c.id('customerId'),
      billingSplitPercent: c.decimal('billingSplitPercent'),
    })),
  }),
  ContractLineAdded: (d) => ({
    contractId: d.id('contractId'),
    contractLineId: d.id('contractLineId'),
    name: d.text('name'),
    billingMethod: d.oneOf('billingMethod', BILLING_METHODS),
    includedTransactionClasses: d.enumList('includedTransactionClasses', TRANSACTION_CLASSES),
    notToExceed: d.nullableDecimal('notToExceed'),
  }),
  InvoiceScheduleSet: (d) => ({
    contractId: d.id('contractId'),
    contractLineId: d.id('contractLineId'),
    // Kept only as the contracts service sent it: the entries are what the projection stores.
    frequency: d.nullableObject('frequency') as ContractEventDataByType['InvoiceScheduleSet']['frequency'],
    entries: d.list('entries', (e) => ({
      invoiceRunDate: e.date('invoiceRunDate'),
      transactionCutoffDate: e.date('transactionCutoffDate'),
    })),
  }),
  MilestoneAdded: (d) => ({
    contractId: d.id('contractId'),
    contractLineId: d.id('contractLineId'),
    milestoneId: d.id('milestoneId'),
    name: d.text('name'),
    milestoneDate: d.date('milestoneDate'),
    amount: d.decimal('amount'),
  }),
  MilestoneReadyForInvoicing: (d) => ({
    contractId: d.id('contractId'),
    contractLineId: d.id('contractLineId'),
    milestoneId: d.id('milestoneId'),
  }),
  TransactionRecorded: (d) => ({
    contractId: d.id('contractId'),
    contractLineId: d.id('contractLineId'),
    transactionId: d.id('transactionId'),
    transactionClass: d.oneOf('transactionClass', TRANSACTION_CLASSES),
    transactionDate: d.date('transactionDate'),
    quantity: d.decimal('quantity'),
    unitPrice: d.decimal('unitPrice'),
    amount: d.decimal('amount'),
    description: d.nullableText('description'),
    resourceRole: d.nullableText('resourceRole'),
  }),
};

function isContractEventType(type: string): type is ContractEventType {
  return (CONTRACT_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * A contract event from a parsed docs/product.md 4.2 envelope: known type, raised to its current schema
 * version by the upcasters (a version they cannot raise is refused), every data field
 * typed, `data.contractId` naming the stream, and `ContractCreated` exactly at stream version 1 (so
 * a projected contract always starts with its creation). Only the fields of the event type are kept.
 */
export function validateContractEvent(envelope: EventEnvelope<string, JsonObject>): ContractEventValidation {
  const { eventType, streamId, streamVersion } = envelope;
  if (!isContractEventType(eventType)) {
    return refuse(
      rejection(
        'UNKNOWN_EVENT_TYPE',
        `eventType ${JSON.stringify(eventType)} is not a contract event`,
        'eventType',
      ),
    );
  }
  const raised = upcasterRegistry.upcast(envelope);
  if (!raised.ok) {
    const { code, message, field } = raised.refusal;
    return refuse(rejection(code, message, field));
  }
  const { schemaVersion } = raised.envelope;
  if ((eventType === 'ContractCreated') !== (streamVersion === 1)) {
    const message = `a contract stream starts with ContractCreated at version 1; got ${eventType} at ${streamVersion}`;
    return refuse(rejection('INVALID_STREAM_VERSION', message, 'streamVersion'));
  }
  let data: ContractEventDataByType[ContractEventType];
  try {
    data = READ_DATA[eventType](new FieldReader(raised.envelope.data, 'data'));
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    return refuse(rejection('INVALID_EVENT_DATA', error.message, error.field));
  }
  if (data.contractId !== streamId) {
    const message = `data.contractId ${JSON.stringify(data.contractId)} is not the stream ${JSON.stringify(streamId)}`;
    return refuse(rejection('STREAM_MISMATCH', message, 'data.contractId'));
  }
  // Written out rather than spread: this runs for every event the projection reads.
  const { eventId, occurredAt, correlationId, causationId } = envelope;
  const event = {
    eventId,
    eventType,
    schemaVersion,
    streamId,
    streamVersion,
    occurredAt,
    correlationId,
    causationId,
    data,
  };
  return { ok: true, event: event as ContractEventEnvelope };
}

function refuse(reason: ProjectionRejection): ContractEventValidation {
  return { ok: false, rejection: reason };
}
