import { BillingLine, BillingMilestone, BillingScheduleEntry, UnbilledTransaction } from './billing-input';
import { compareStrings } from './due-line-selection';

/** A due line after not-to-exceed: what it bills in this run. */
export interface BilledLine {
  readonly line: BillingLine;
  readonly effectiveRunDate: string;
  readonly coveredEntries: readonly BillingScheduleEntry[];
  readonly transactions: readonly UnbilledTransaction[];
  readonly milestones: readonly BillingMilestone[];
}

/** The due lines of one contract that share an effective run date (docs/product.md 3.3). */
export interface InvoiceGroup {
  readonly invoiceRunDate: string;
  /** In contract line order. */
  readonly lines: readonly BilledLine[];
}

export function billsSomething(line: BilledLine): boolean {
  return line.transactions.length > 0 || line.milestones.length > 0;
}

/** Groups by effective run date, earliest first; lines keep the order they came in. */
export function groupByEffectiveRunDate(lines: readonly BilledLine[]): InvoiceGroup[] {
  const groups = new Map<string, BilledLine[]>();
  for (const line of lines) {
    const group = groups.get(line.effectiveRunDate) ?? [];
    group.push(line);
    groups.set(line.effectiveRunDate, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([invoiceRunDate, groupLines]) => ({ invoiceRunDate, lines: groupLines }));
}

/** A group with nothing to bill creates no invoice (no empty invoices). */
export function isBillable(group: InvoiceGroup): boolean {
  return group.lines.some(billsSomething);
}
