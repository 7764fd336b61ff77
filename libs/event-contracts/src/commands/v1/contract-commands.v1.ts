import {
  BillingMethodV1,
  ContractCustomerV1,
  TransactionClassV1,
} from '../../contract/v1/contract-events.v1';

/**
 * The `data` of each command on `contracts.commands`, version 1 (docs/product.md 4.3), frozen: the
 * REST body's fields (4.4) plus the ids of the REST path. These are inputs, so a field the REST body
 * may leave out is optional here too; an id that names something new may be left out, the command
 * id stands in.
 */
export const CONTRACT_COMMAND_TYPES_V1 = [
  'CreateContract',
  'SetContractCustomers',
  'AddContractLine',
  'SetInvoiceSchedule',
  'AddMilestone',
  'MarkMilestoneReadyForInvoicing',
  'RecordTransaction',
] as const;
export type ContractCommandTypeV1 = (typeof CONTRACT_COMMAND_TYPES_V1)[number];

export interface CreateContractDataV1 {
  readonly contractId: string;
  readonly name: string;
  readonly customerId: string;
  readonly currency: string;
}

export interface SetContractCustomersDataV1 {
  readonly contractId: string;
  readonly customers: readonly ContractCustomerV1[];
}

export interface AddContractLineDataV1 {
  readonly contractId: string;
  readonly contractLineId?: string;
  readonly name: string;
  readonly billingMethod: BillingMethodV1;
  readonly includedTransactionClasses?: readonly TransactionClassV1[];
  readonly notToExceed?: string | null;
}

export interface SetInvoiceScheduleDataV1 {
  readonly contractId: string;
  readonly contractLineId: string;
  /** Either a frequency with its date range, or explicit entries. */
  readonly frequency?: { readonly period: string; readonly days?: string | readonly number[] };
  readonly startDate?: string;
  readonly endDate?: string;
  readonly entries?: readonly { readonly invoiceRunDate: string; readonly transactionCutoffDate?: string }[];
}

export interface AddMilestoneDataV1 {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly milestoneId?: string;
  readonly name: string;
  readonly milestoneDate: string;
  readonly amount: string;
}

export interface MarkMilestoneReadyForInvoicingDataV1 {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly milestoneId: string;
}

export interface RecordTransactionDataV1 {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly transactionId?: string;
  readonly transactionClass: TransactionClassV1;
  readonly transactionDate: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly description?: string | null;
  readonly resourceRole?: string | null;
}
