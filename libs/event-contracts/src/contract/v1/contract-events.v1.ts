/**
 * Contract events on `contracts.events`, schema version 1 (docs/product.md 4.2), frozen: a published
 * version is never edited. A new shape is a `v2` file beside this one with an upcaster from v1
 * (`../../schema-versions.ts`); the names without a version in `../contract-events.ts` follow the latest.
 */
export const BILLING_METHODS_V1 = ['TimeAndMaterial', 'FixedPrice'] as const;
export type BillingMethodV1 = (typeof BILLING_METHODS_V1)[number];

export const TRANSACTION_CLASSES_V1 = ['Time', 'Expense', 'Material', 'Fee'] as const;
export type TransactionClassV1 = (typeof TRANSACTION_CLASSES_V1)[number];

export const MILESTONE_STATUSES_V1 = [
  'NotReadyForInvoicing',
  'ReadyForInvoicing',
  'InvoiceCreated',
  'InvoicePosted',
] as const;
export type MilestoneStatusV1 = (typeof MILESTONE_STATUSES_V1)[number];

export interface ContractCustomerV1 {
  readonly customerId: string;
  /** Decimal string, e.g. "60" or "33.33"; a contract's splits sum to exactly 100. */
  readonly billingSplitPercent: string;
}

/**
 * How a schedule was generated (docs/product.md 4.4), its default day filled in: a Daily schedule has
 * no days, a Weekly or Biweekly one a weekday name, a Monthly one one to four day numbers. One shape
 * per period rather than an optional `days`; on the wire it is the same JSON as before.
 */
export type ScheduleFrequencyV1 =
  | { readonly period: 'Daily' }
  | { readonly period: 'Weekly' | 'Biweekly'; readonly days: string }
  | { readonly period: 'Monthly'; readonly days: readonly number[] };

export interface ScheduleEntryV1 {
  readonly invoiceRunDate: string;
  readonly transactionCutoffDate: string;
}

export interface ContractCreatedV1 {
  readonly contractId: string;
  readonly name: string;
  readonly customerId: string;
  readonly currency: string;
}

export interface ContractCustomersSetV1 {
  readonly contractId: string;
  readonly customers: readonly ContractCustomerV1[];
}

export interface ContractLineAddedV1 {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly name: string;
  readonly billingMethod: BillingMethodV1;
  readonly includedTransactionClasses: readonly TransactionClassV1[];
  readonly notToExceed: string | null;
}

export interface InvoiceScheduleSetV1 {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly frequency: ScheduleFrequencyV1 | null;
  /** Replaces the line's entries that have not been run yet. */
  readonly entries: readonly ScheduleEntryV1[];
}

export interface MilestoneAddedV1 {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly milestoneId: string;
  readonly name: string;
  readonly milestoneDate: string;
  readonly amount: string;
}

export interface MilestoneReadyForInvoicingV1 {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly milestoneId: string;
}

export interface TransactionRecordedV1 {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly transactionId: string;
  readonly transactionClass: TransactionClassV1;
  readonly transactionDate: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly amount: string;
  readonly description: string | null;
  readonly resourceRole: string | null;
}
