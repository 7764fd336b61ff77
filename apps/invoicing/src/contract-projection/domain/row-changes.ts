import {
  BillingMethod,
  ContractCustomer,
  ScheduleEntry,
  TransactionClass,
  TransactionRecorded,
} from '@app/event-contracts';

/**
 * What a batch of contract events changes in the read model, grouped by table so that each group
 * is one set-based statement. Within a batch the groups commute (a line is inserted before its
 * schedule, a milestone before it is marked ready), so applying them table by table gives the same
 * rows as applying the events one by one.
 */
export interface RowChanges {
  /** Contracts created in this batch, already in their state at the end of it. */
  readonly createdContracts: readonly ContractRow[];
  /** Contracts that existed before the batch and moved on. */
  readonly updatedContracts: readonly ContractUpdate[];
  readonly addedLines: readonly LineRow[];
  /** The last schedule set per line in this batch. */
  readonly replacedSchedules: readonly ScheduleReplacement[];
  readonly addedMilestones: readonly MilestoneRow[];
  /** Milestones that existed before the batch and became ready for invoicing in it. */
  readonly readyMilestoneIds: readonly string[];
  readonly recordedTransactions: readonly TransactionRecorded[];
}

export interface ContractRow {
  readonly contractId: string;
  readonly name: string;
  readonly customerId: string;
  readonly currency: string;
  readonly customers: readonly ContractCustomer[];
  readonly streamVersion: number;
}

export interface ContractUpdate {
  readonly contractId: string;
  /** The version the batch started from: the write checks it, so a concurrent writer is noticed. */
  readonly expectedVersion: number;
  readonly streamVersion: number;
  /** The new billing split, or null when the batch did not set one. */
  readonly customers: readonly ContractCustomer[] | null;
}

export interface LineRow {
  readonly contractLineId: string;
  readonly contractId: string;
  /** 1, 2, 3, ... in the order the contract's lines were added. */
  readonly lineOrder: number;
  readonly name: string;
  readonly billingMethod: BillingMethod;
  readonly includedTransactionClasses: readonly TransactionClass[];
  readonly notToExceed: string | null;
}

export interface ScheduleReplacement {
  readonly contractLineId: string;
  readonly contractId: string;
  /** One entry per run date, in run date order. */
  readonly entries: readonly ScheduleEntry[];
}

export interface MilestoneRow {
  readonly milestoneId: string;
  readonly contractLineId: string;
  readonly contractId: string;
  readonly name: string;
  readonly milestoneDate: string;
  readonly amount: string;
  readonly readyForInvoicing: boolean;
}

export function isEmpty(changes: RowChanges): boolean {
  return Object.values(changes).every((rows: readonly unknown[]) => rows.length === 0);
}
