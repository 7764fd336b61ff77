import { ProposedInvoice, ScheduleEntryRef } from '../invoice/domain';
import { InvoiceProposal } from './domain';
import { CustomerShare } from '../invoice';

/** The invoices of one (contract, effective run date) group: written in one transaction. */
export interface InvoiceGroupToWrite {
  readonly groupKey: string;
  readonly contractId: string;
  /** One per customer of a billing split, in customer order. */
  readonly invoices: readonly ProposedInvoice[];
  readonly transactionIds: readonly string[];
  readonly milestoneIds: readonly string[];
  /** Every customer share the group's invoices bill, one per detail. */
  readonly shares: readonly CustomerShare[];
  readonly coveredScheduleEntries: readonly ScheduleEntryRef[];
}

export interface ProposalWork {
  readonly groups: readonly InvoiceGroupToWrite[];
  /** Processed entries no invoice covers (groups with nothing to bill): marked processed on their own. */
  readonly entriesWithoutInvoice: readonly ScheduleEntryRef[];
}

/**
 * Splits one contract's proposal into what the run writes: a unit per invoice group, whose
 * invoices bill shares of the same items, and the processed schedule entries of groups that bill nothing.
 */
export function workOf(proposal: InvoiceProposal): ProposalWork {
  const byKey = new Map<string, ProposedInvoice[]>();
  for (const invoice of proposal.invoices) {
    const group = byKey.get(invoice.groupKey) ?? [];
    group.push(invoice);
    byKey.set(invoice.groupKey, group);
  }
  const groups = [...byKey.entries()].map(([groupKey, invoices]) => ({
    groupKey,
    contractId: invoices[0].contractId,
    invoices,
    transactionIds: distinct(invoices.flatMap((i) => i.billedTransactionIds)),
    milestoneIds: distinct(invoices.flatMap((i) => i.billedMilestoneIds)),
    shares: invoices.flatMap((i) => i.billedShares.map((share) => ({ ...share, customerId: i.customerId }))),
    coveredScheduleEntries: distinctEntries(invoices.flatMap((i) => i.coveredScheduleEntries)),
  }));
  const covered = new Set(groups.flatMap((g) => g.coveredScheduleEntries.map(entryKey)));
  const entriesWithoutInvoice = distinctEntries(proposal.processedEntries).filter(
    (e) => !covered.has(entryKey(e)),
  );
  return { groups, entriesWithoutInvoice };
}

function distinct(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function entryKey(entry: ScheduleEntryRef): string {
  return `${entry.contractLineId}\u0000${entry.invoiceRunDate}`;
}

function distinctEntries(entries: readonly ScheduleEntryRef[]): ScheduleEntryRef[] {
  const seen = new Map<string, ScheduleEntryRef>();
  for (const entry of entries) if (!seen.has(entryKey(entry))) seen.set(entryKey(entry), entry);
  return [...seen.values()];
}
