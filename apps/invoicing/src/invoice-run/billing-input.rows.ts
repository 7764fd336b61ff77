import { BillingMethod, MilestoneStatus, TransactionClass } from '@app/event-contracts';
import {
  BillingCustomer,
  BillingLine,
  BillingMilestone,
  BillingScheduleEntry,
  ReleasedShare,
  ScheduleEntryStatus,
  UnbilledTransaction,
} from './domain';

/*
 * The rows the billing-input reader selects from the projection, and how they become the invoice
 * generator's input (docs/product.md 3.3): one `BillingLine` per projected line with its entries,
 * milestones, unbilled transactions, released shares (3.12) and invoiced total.
 */
export interface ContractRow {
  contract_id: string;
  currency: string;
  customers: BillingCustomer[];
}
export interface LineRow {
  contract_line_id: string;
  contract_id: string;
  name: string;
  billing_method: BillingMethod;
  included_transaction_classes: TransactionClass[];
  not_to_exceed: string | null;
}
export type OfLine<T> = T & { contract_line_id: string };
export type ReleasedRow = OfLine<ReleasedShare> & { item_kind: 'Transaction' | 'Milestone'; item_id: string };
export interface TotalRow {
  contract_line_id: string;
  total: string;
}

export interface LineRelated {
  readonly entries: Map<string, OfLine<BillingScheduleEntry>[]>;
  readonly milestones: Map<string, OfLine<BillingMilestone>[]>;
  readonly transactions: Map<string, OfLine<UnbilledTransaction>[]>;
  readonly totals: Map<string, string>;
  /** `kind\0itemId` → the item's released shares. */
  readonly released: Map<string, ReleasedRow[]>;
}

function releasedSharesOf(related: LineRelated, kind: ReleasedRow['item_kind'], itemId: string) {
  const rows = related.released.get(`${kind}\u0000${itemId}`);
  if (!rows) return {};
  return {
    releasedShares: rows.map(({ customerId, amount, billingSplitPercent }) => ({
      customerId,
      amount,
      billingSplitPercent,
    })),
  };
}

export function toBillingLine(line: LineRow, related: LineRelated): BillingLine {
  const id = line.contract_line_id;
  return {
    contractLineId: id,
    name: line.name,
    billingMethod: line.billing_method,
    includedTransactionClasses: line.included_transaction_classes,
    notToExceed: line.not_to_exceed,
    invoicedTotal: related.totals.get(id) ?? '0',
    scheduleEntries: (related.entries.get(id) ?? []).map(
      ({ invoiceRunDate, transactionCutoffDate, status }) => ({
        invoiceRunDate,
        transactionCutoffDate,
        status: status as ScheduleEntryStatus,
      }),
    ),
    milestones: (related.milestones.get(id) ?? []).map(({ contract_line_id: _, status, ...milestone }) => ({
      ...milestone,
      status: status as MilestoneStatus,
      ...releasedSharesOf(related, 'Milestone', milestone.milestoneId),
    })),
    unbilledTransactions: (related.transactions.get(id) ?? []).map(({ contract_line_id: _, ...t }) => ({
      ...t,
      ...releasedSharesOf(related, 'Transaction', t.transactionId),
    })),
  };
}

export function groupByLine<T extends { contract_line_id: string }>(items: readonly T[]): Map<string, T[]> {
  return groupBy(items, (item) => item.contract_line_id);
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
