import { EventEnvelope } from '../envelope';
import * as v1 from './v1/contract-events.v1';

/* The latest version of each contract event (docs/product.md 4.2); frozen shapes live in ./v1. */
export const BILLING_METHODS = v1.BILLING_METHODS_V1;
export type BillingMethod = v1.BillingMethodV1;
export const TRANSACTION_CLASSES = v1.TRANSACTION_CLASSES_V1;
export type TransactionClass = v1.TransactionClassV1;
export const MILESTONE_STATUSES = v1.MILESTONE_STATUSES_V1;
export type MilestoneStatus = v1.MilestoneStatusV1;

export type ContractCustomer = v1.ContractCustomerV1;
export type ScheduleFrequency = v1.ScheduleFrequencyV1;
export type ScheduleEntry = v1.ScheduleEntryV1;
export type ContractCreated = v1.ContractCreatedV1;
export type ContractCustomersSet = v1.ContractCustomersSetV1;
export type ContractLineAdded = v1.ContractLineAddedV1;
export type InvoiceScheduleSet = v1.InvoiceScheduleSetV1;
export type MilestoneAdded = v1.MilestoneAddedV1;
export type MilestoneReadyForInvoicing = v1.MilestoneReadyForInvoicingV1;
export type TransactionRecorded = v1.TransactionRecordedV1;

export interface ContractEventDataByType {
  ContractCreated: ContractCreated;
  ContractCustomersSet: ContractCustomersSet;
  ContractLineAdded: ContractLineAdded;
  InvoiceScheduleSet: InvoiceScheduleSet;
  MilestoneAdded: MilestoneAdded;
  MilestoneReadyForInvoicing: MilestoneReadyForInvoicing;
  TransactionRecorded: TransactionRecorded;
}

export type ContractEventType = keyof ContractEventDataByType;
export const CONTRACT_EVENT_TYPES: readonly ContractEventType[] = [
  'ContractCreated',
  'ContractCustomersSet',
  'ContractLineAdded',
  'InvoiceScheduleSet',
  'MilestoneAdded',
  'MilestoneReadyForInvoicing',
  'TransactionRecorded',
];

/** A contract event as the domain produces it: a type and its data, no envelope. */
export type ContractEvent = {
  [K in ContractEventType]: { readonly type: K; readonly data: ContractEventDataByType[K] };
}[ContractEventType];

export type ContractEventEnvelope = {
  [K in ContractEventType]: EventEnvelope<K, ContractEventDataByType[K]>;
}[ContractEventType];
