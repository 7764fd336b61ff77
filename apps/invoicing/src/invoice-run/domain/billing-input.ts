import { BillingMethod, MilestoneStatus, TransactionClass } from '@app/event-contracts';

/**
 * What the invoice generator needs to know about one contract, as the invoicing projection
 * provides it. The generator is pure: the same input and run date always propose the same invoices,
 * so a real process run and `GET /invoice-preview` share it.
 */
export interface ContractBillingInput {
  readonly contractId: string;
  readonly currency: string;
  /**
   * From `ContractCustomersSet`, in the order given there (the last customer takes rounding
   * remainders); without one, the `ContractCreated` customer at "100".
   */
  readonly customers: readonly BillingCustomer[];
  /** In contract line order (the order the lines were added): invoice lines follow it. */
  readonly lines: readonly BillingLine[];
}

export interface BillingCustomer {
  readonly customerId: string;
  /** Decimal string; a contract's percentages sum to exactly 100. */
  readonly billingSplitPercent: string;
}

export interface BillingLine {
  readonly contractLineId: string;
  readonly name: string;
  readonly billingMethod: BillingMethod;
  readonly includedTransactionClasses: readonly TransactionClass[];
  /** Ceiling on everything ever invoiced for a time-and-material line; null means none. */
  readonly notToExceed: string | null;
  /** What non-cancelled invoices already billed on this line, all customers together. */
  readonly invoicedTotal: string;
  /** Every schedule entry of a time-and-material line, whatever its status. */
  readonly scheduleEntries: readonly BillingScheduleEntry[];
  /** Every milestone of a fixed-price line, whatever its status. */
  readonly milestones: readonly BillingMilestone[];
  /** Transactions of the line that no non-cancelled invoice has billed. */
  readonly unbilledTransactions: readonly UnbilledTransaction[];
}

export const SCHEDULE_ENTRY_STATUSES = ['NotRun', 'RunSuccessful', 'RunFailed'] as const;
export type ScheduleEntryStatus = (typeof SCHEDULE_ENTRY_STATUSES)[number];

export interface BillingScheduleEntry {
  readonly invoiceRunDate: string;
  readonly transactionCutoffDate: string;
  readonly status: ScheduleEntryStatus;
}

export interface BillingMilestone {
  readonly milestoneId: string;
  readonly name: string;
  readonly milestoneDate: string;
  readonly amount: string;
  readonly status: MilestoneStatus;
}

export interface UnbilledTransaction {
  readonly transactionId: string;
  readonly transactionClass: TransactionClass;
  readonly transactionDate: string;
  readonly quantity: string;
  readonly unitPrice: string;
  /** As recorded by the contracts service: quantity × unitPrice, half-up to the minor unit. */
  readonly amount: string;
  readonly description: string | null;
  readonly resourceRole: string | null;
}
