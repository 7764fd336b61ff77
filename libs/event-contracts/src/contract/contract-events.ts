import { EventEnvelope } from '../envelope';

export const BILLING_METHODS = ['TimeAndMaterial', 'FixedPrice'] as const;
export type BillingMethod = (typeof BILLING_METHODS)[number];

export const TRANSACTION_CLASSES = ['Time', 'Expense', 'Material', 'Fee'] as const;
export type TransactionClass = (typeof TRANSACTION_CLASSES)[number];

export const MILESTONE_STATUSES = [
  'NotReadyForInvoicing',
  'ReadyForInvoicing',
  'InvoiceCreated',
  'InvoicePosted',
] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export interface ContractCustomer {
  readonly customerId: string;
  /** Decimal string, e.g. "60" or "33.33"; a contract's splits sum to exactly 100. */
  readonly billingSplitPercent: string;
}

export interface ScheduleFrequency {
  readonly period: 'Daily' | 'Weekly' | 'Biweekly' | 'Monthly';
  /** A weekday name for Weekly/Biweekly, one to four day numbers for Monthly, absent for Daily. */
  readonly days?: string | readonly number[];
}

export interface ScheduleEntry {
  readonly invoiceRunDate: string;
  readonly transactionCutoffDate: string;
}

export interface ContractCreated {
  readonly contractId: string;
  readonly name: string;
  readonly customerId: string;
  readonly currency: string;
}

export interface ContractCustomersSet {
  readonly contractId: string;
  readonly customers: readonly ContractCustomer[];
}

export interface ContractLineAdded {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly name: string;
  readonly billingMethod: BillingMethod;
  readonly includedTransactionClasses: readonly TransactionClass[];
  readonly notToExceed: string | null;
}

export interface InvoiceScheduleSet {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly frequency: ScheduleFrequency | null;
  /** Replaces the line's entries that have not been run yet. */
  readonly entries: readonly ScheduleEntry[];
}

export interface MilestoneAdded {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly milestoneId: string;
  readonly name: string;
  readonly milestoneDate: string;
  readonly amount: string;
}

export interface MilestoneReadyForInvoicing {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly milestoneId: string;
}

export interface TransactionRecorded {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly transactionId: string;
  readonly transactionClass: TransactionClass;
  readonly transactionDate: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly amount: string;
  readonly description: string | null;
  readonly resourceRole: string | null;
}

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
