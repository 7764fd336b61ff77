import { ContractEventDataByType, ContractEventType } from '../contract/contract-events';
import { EventEnvelope } from '../envelope';
import { InvoiceEventDataByType, InvoiceEventType } from '../invoicing/invoice-events';
import { ProcessRunEventDataByType, ProcessRunEventType } from '../invoicing/process-run-events';
import { schemaVersionOf, PublishedEventType } from '../versioning/schema-versions';

/*
 * One envelope of every published event, with fixed values: what the golden fixtures in
 * libs/event-contracts/fixtures are serialized from. Every field is filled, a nullable one with a
 * value, so each fixture shows the whole shape; a new event type needs a builder here to compile.
 */
export const IDS = {
  contract: '0b5b1c9e-1d2a-4c4e-9a51-3f1f0c6a0001',
  customer: '0b5b1c9e-1d2a-4c4e-9a51-3f1f0c6a0002',
  secondCustomer: '0b5b1c9e-1d2a-4c4e-9a51-3f1f0c6a0003',
  line: '0b5b1c9e-1d2a-4c4e-9a51-3f1f0c6a0004',
  milestone: '0b5b1c9e-1d2a-4c4e-9a51-3f1f0c6a0005',
  transaction: '0b5b1c9e-1d2a-4c4e-9a51-3f1f0c6a0006',
  invoice: '0b5b1c9e-1d2a-4c4e-9a51-3f1f0c6a0007',
  correctedInvoice: '0b5b1c9e-1d2a-4c4e-9a51-3f1f0c6a0008',
  processRun: '0b5b1c9e-1d2a-4c4e-9a51-3f1f0c6a0009',
  batchJob: '0b5b1c9e-1d2a-4c4e-9a51-3f1f0c6a000a',
  event: '0b5b1c9e-1d2a-4c4e-9a51-3f1f0c6a000b',
  correlation: '0b5b1c9e-1d2a-4c4e-9a51-3f1f0c6a000c',
  command: '0b5b1c9e-1d2a-4c4e-9a51-3f1f0c6a000d',
} as const;

function envelope<K extends PublishedEventType, D>(
  eventType: K,
  streamId: string,
  streamVersion: number,
  data: D,
): EventEnvelope<K, D> {
  return {
    eventId: IDS.event,
    eventType,
    schemaVersion: schemaVersionOf(eventType),
    streamId,
    streamVersion,
    occurredAt: '2025-03-31T08:00:00.000Z',
    correlationId: IDS.correlation,
    causationId: IDS.command,
    data,
  };
}

const c = IDS.contract;
const onLine = { contractId: c, contractLineId: IDS.line };

export const GOLDEN_CONTRACT_EVENTS: {
  [K in ContractEventType]: () => EventEnvelope<K, ContractEventDataByType[K]>;
} = {
  ContractCreated: () =>
    envelope('ContractCreated', c, 1, {
      contractId: c,
      name: 'Harbour bridge maintenance',
      customerId: IDS.customer,
      currency: 'EUR',
    }),
  ContractCustomersSet: () =>
    envelope('ContractCustomersSet', c, 2, {
      contractId: c,
      customers: [
        { customerId: IDS.customer, billingSplitPercent: '60' },
        { customerId: IDS.secondCustomer, billingSplitPercent: '40' },
      ],
    }),
  ContractLineAdded: () =>
    envelope('ContractLineAdded', c, 3, {
      ...onLine,
      name: 'Inspections',
      billingMethod: 'TimeAndMaterial',
      includedTransactionClasses: ['Time', 'Expense'],
      notToExceed: '25000.00',
    }),
  InvoiceScheduleSet: () =>
    envelope('InvoiceScheduleSet', c, 4, {
      ...onLine,
      frequency: { period: 'Monthly', days: [31] },
      entries: [
        { invoiceRunDate: '2025-03-31', transactionCutoffDate: '2025-03-31' },
        { invoiceRunDate: '2025-04-30', transactionCutoffDate: '2025-04-30' },
      ],
    }),
  MilestoneAdded: () =>
    envelope('MilestoneAdded', c, 5, {
      ...onLine,
      milestoneId: IDS.milestone,
      name: 'Survey delivered',
      milestoneDate: '2025-03-15',
      amount: '4000.00',
    }),
  MilestoneReadyForInvoicing: () =>
    envelope('MilestoneReadyForInvoicing', c, 6, { ...onLine, milestoneId: IDS.milestone }),
  TransactionRecorded: () =>
    envelope('TransactionRecorded', c, 7, {
      ...onLine,
      transactionId: IDS.transaction,
      transactionClass: 'Time',
      transactionDate: '2025-03-28',
      quantity: '7.5',
      unitPrice: '120.00',
      amount: '900.00',
      description: 'Cable inspection, north span',
      resourceRole: 'Senior engineer',
    }),
};

const invoice = {
  invoiceId: IDS.invoice,
  invoiceNumber: 'INV-000042',
  contractId: c,
};
const timeDetail = {
  kind: 'Transaction',
  id: IDS.transaction,
  transactionClass: 'Time',
  date: '2025-03-28',
  quantity: '7.5',
  unitPrice: '120.00',
  amount: '900.00',
} as const;

export const GOLDEN_INVOICE_EVENTS: {
  [K in InvoiceEventType]: () => EventEnvelope<K, InvoiceEventDataByType[K]>;
} = {
  InvoiceCreated: () =>
    envelope('InvoiceCreated', IDS.invoice, 1, {
      ...invoice,
      customerId: IDS.customer,
      currency: 'EUR',
      billingSplitPercent: '60',
      invoiceRunDate: '2025-03-31',
      processRunId: IDS.processRun,
      correctsInvoiceId: IDS.correctedInvoice,
      status: 'Draft',
      totalAmount: '3300.00',
      detailParts: 1,
      lines: [
        {
          lineNumber: 1,
          contractLineId: IDS.line,
          billingMethod: 'TimeAndMaterial',
          amount: '900.00',
          details: [],
        },
        {
          lineNumber: 2,
          contractLineId: IDS.line,
          billingMethod: 'FixedPrice',
          amount: '2400.00',
          details: [
            {
              kind: 'Milestone',
              id: IDS.milestone,
              transactionClass: null,
              date: '2025-03-15',
              quantity: null,
              unitPrice: null,
              amount: '2400.00',
            },
          ],
        },
      ],
    }),
  InvoiceDetailsAdded: () =>
    envelope('InvoiceDetailsAdded', IDS.invoice, 2, {
      ...invoice,
      part: 1,
      partCount: 1,
      details: [{ lineNumber: 1, ...timeDetail }],
    }),
  InvoiceConfirmed: () => envelope('InvoiceConfirmed', IDS.invoice, 3, invoice),
  InvoiceCancelled: () => envelope('InvoiceCancelled', IDS.invoice, 4, invoice),
};

const run = { processRunId: IDS.processRun, batchJobId: IDS.batchJob, runDate: '2025-03-31' };

export const GOLDEN_PROCESS_RUN_EVENTS: {
  [K in ProcessRunEventType]: () => EventEnvelope<K, ProcessRunEventDataByType[K]>;
} = {
  ProcessRunStarted: () =>
    envelope('ProcessRunStarted', IDS.processRun, 1, {
      ...run,
      workflow: 'ProcessRunner',
      startedAt: '2025-03-31T06:00:00.000Z',
    }),
  ProcessRunCompleted: () =>
    envelope('ProcessRunCompleted', IDS.processRun, 2, {
      ...run,
      endedAt: '2025-03-31T06:04:10.000Z',
      contractLinesConsidered: 12,
      invoicesCreated: 5,
      skippedNoTransactions: 3,
      skippedNoSchedule: 2,
      heldBackByNotToExceed: 1,
      contractsParked: 1,
    }),
  ProcessRunFailed: () =>
    envelope('ProcessRunFailed', IDS.processRun, 2, {
      ...run,
      endedAt: '2025-03-31T06:01:00.000Z',
      error: 'PROJECTION_BEHIND',
    }),
};
