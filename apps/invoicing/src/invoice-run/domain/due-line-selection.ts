import {
  BillingLine,
  BillingMilestone,
  BillingScheduleEntry,
  UnbilledTransaction,
  hasReleasedShares,
} from './billing-input';

/**
 * What a run on one date makes of one contract line (docs/product.md 3.1, 3.2, 3.4), before not-to-exceed.
 * Dates are 'YYYY-MM-DD' strings, so comparing them as strings compares them as dates.
 */
export type LineSelection =
  | { readonly kind: 'NoSchedule' }
  | { readonly kind: 'NotDue' }
  | {
      readonly kind: 'Due';
      readonly effectiveRunDate: string;
      /** Unprocessed T&M entries on or before the run date: the effective one and all it covers. */
      readonly coveredEntries: readonly BillingScheduleEntry[];
      /** Eligible transactions in billing order: by date, then id. */
      readonly transactions: readonly UnbilledTransaction[];
      /** Due milestones (ready, or with released shares) in billing order: by date, then id. */
      readonly milestones: readonly BillingMilestone[];
    };

export function selectDueLine(line: BillingLine, runDate: string): LineSelection {
  return line.billingMethod === 'TimeAndMaterial'
    ? selectTimeAndMaterial(line, runDate)
    : selectFixedPrice(line, runDate);
}

export function isUnprocessed(entry: BillingScheduleEntry): boolean {
  return entry.status === 'NotRun' || entry.status === 'RunFailed';
}

function selectTimeAndMaterial(line: BillingLine, runDate: string): LineSelection {
  if (line.scheduleEntries.length === 0) return { kind: 'NoSchedule' };
  const due = line.scheduleEntries.filter((e) => isUnprocessed(e) && e.invoiceRunDate <= runDate);
  if (due.length === 0) return { kind: 'NotDue' };
  const effective = due.reduce(latestEntry);
  const transactions = line.unbilledTransactions
    .filter((t) => line.includedTransactionClasses.includes(t.transactionClass))
    .filter((t) => t.transactionDate <= effective.transactionCutoffDate)
    .sort(
      byDateThenId(
        (t) => t.transactionDate,
        (t) => t.transactionId,
      ),
    );
  return {
    kind: 'Due',
    effectiveRunDate: effective.invoiceRunDate,
    coveredEntries: [...due].sort((a, b) => compareStrings(a.invoiceRunDate, b.invoiceRunDate)),
    transactions,
    milestones: [],
  };
}

function selectFixedPrice(line: BillingLine, runDate: string): LineSelection {
  if (line.milestones.length === 0) return { kind: 'NoSchedule' };
  const milestones = line.milestones
    .filter((m) => (m.status === 'ReadyForInvoicing' || hasReleasedShares(m)) && m.milestoneDate <= runDate)
    .sort(
      byDateThenId(
        (m) => m.milestoneDate,
        (m) => m.milestoneId,
      ),
    );
  if (milestones.length === 0) return { kind: 'NotDue' };
  return {
    kind: 'Due',
    effectiveRunDate: milestones[milestones.length - 1].milestoneDate,
    coveredEntries: [],
    transactions: [],
    milestones,
  };
}

/** Two entries on one run date should not exist; if they do, the later cut-off wins. */
function latestEntry(a: BillingScheduleEntry, b: BillingScheduleEntry): BillingScheduleEntry {
  const byRunDate = compareStrings(a.invoiceRunDate, b.invoiceRunDate);
  if (byRunDate !== 0) return byRunDate > 0 ? a : b;
  return compareStrings(a.transactionCutoffDate, b.transactionCutoffDate) >= 0 ? a : b;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byDateThenId<T>(date: (item: T) => string, id: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => compareStrings(date(a), date(b)) || compareStrings(id(a), id(b));
}
