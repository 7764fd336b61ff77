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
  /** Transactions of the line with something to bill: unbilled, or with released shares. */
  readonly unbilledTransactions: readonly UnbilledTransaction[];
}

export const SCHEDULE_ENTRY_STATUSES = ['NotRun', 'RunSuccessful', 'RunFailed'] as const;
export type ScheduleEntryStatus = (typeof SCHEDULE_ENTRY_STATUSES)[number];

export interface BillingScheduleEntry {
  readonly invoiceRunDate: string;
  readonly transactionCutoffDate: string;
  readonly status: ScheduleEntryStatus;
}

/**
 * One customer's share of an item that was billed and whose invoice was cancelled while another
 * customer's share of it still stands (docs/product.md 3.12): billed again to that customer at exactly this
 * amount, whatever the contract's split is now, so the item's shares still add up to its amount.
 */
export interface ReleasedShare {
  readonly customerId: string;
  /** The share as billed before: an amount in the contract's currency. */
  readonly amount: string;
  /** The customer's percentage when the share was billed. */
  readonly billingSplitPercent: string;
}

export interface BillingMilestone {
  readonly milestoneId: string;
  readonly name: string;
  readonly milestoneDate: string;
  readonly amount: string;
  readonly status: MilestoneStatus;
  /**
   * Shares owed again (see {@link ReleasedShare}); absent or empty when the milestone is billed
   * whole or not at all.
   */
  readonly releasedShares?: readonly ReleasedShare[];
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
  /**
   * Absent or empty: the transaction is unbilled, every customer's share of it. Otherwise only
   * these shares are owed (see {@link ReleasedShare}); the others stand on their invoices.
   */
  readonly releasedShares?: readonly ReleasedShare[];
}

/** True when only some customers' shares of the item are owed (the others stand on invoices). */
export function hasReleasedShares(item: { readonly releasedShares?: readonly ReleasedShare[] }): boolean {
  return (item.releasedShares?.length ?? 0) > 0;
}
