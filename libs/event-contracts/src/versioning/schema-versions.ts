import { ContractCommandType } from '../commands/contract-commands';
import { ContractEventType } from '../contract/contract-events';
import { InvoiceEventType } from '../invoicing/invoice-events';
import { ProcessRunEventType } from '../invoicing/process-run-events';

/** Every event type a service publishes. */
export type PublishedEventType = ContractEventType | InvoiceEventType | ProcessRunEventType;

/**
 * The current schema version of each published event and command: the one source that writers
 * stamp into `schemaVersion` and readers raise older versions to (see `upcasters.ts`). A new
 * version of a shape is a `v<n+1>` module, an upcaster from `v<n>`, and its number here.
 * Commands carry no version in their envelope (docs/product.md 4.3); theirs names the frozen module.
 */
export const CURRENT_SCHEMA_VERSIONS: { readonly [K in PublishedEventType | ContractCommandType]: number } = {
  ContractCreated: 1,
  ContractCustomersSet: 1,
  ContractLineAdded: 1,
  InvoiceScheduleSet: 1,
  MilestoneAdded: 1,
  MilestoneReadyForInvoicing: 1,
  TransactionRecorded: 1,
  InvoiceCreated: 1,
  InvoiceDetailsAdded: 1,
  InvoiceConfirmed: 1,
  InvoiceCancelled: 1,
  ProcessRunStarted: 1,
  ProcessRunCompleted: 1,
  ProcessRunFailed: 1,
  CreateContract: 1,
  SetContractCustomers: 1,
  AddContractLine: 1,
  SetInvoiceSchedule: 1,
  AddMilestone: 1,
  MarkMilestoneReadyForInvoicing: 1,
  RecordTransaction: 1,
};

/** The schema version a writer stamps on an event or command of this type. */
export function schemaVersionOf(type: PublishedEventType | ContractCommandType): number {
  return CURRENT_SCHEMA_VERSIONS[type];
}
