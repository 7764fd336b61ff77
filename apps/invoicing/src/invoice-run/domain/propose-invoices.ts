import { format, money } from '@app/event-contracts';
import { BillingLine, ContractBillingInput } from './billing-input';
import { assertValidBillingInput, assertValidRunDate } from './billing-input.validation';
import { LineSelection, selectDueLine } from './due-line-selection';
import { assembleInvoices } from './invoice-assembly';
import { BilledLine, billsSomething, groupByEffectiveRunDate, isBillable } from './invoice-grouping';
import { HeldBackTransaction, InvoiceProposal, InvoiceProposalCounts, emptyCounts } from './invoice-proposal';
import { ScheduleEntryRef } from '../../invoice/domain';
import { applyNotToExceed, owedAmount } from './not-to-exceed';

type Tally = { -readonly [K in keyof InvoiceProposalCounts]: number };
type DueSelection = Extract<LineSelection, { kind: 'Due' }>;

/**
 * The invoice generator (docs/product.md 3): one contract's billing data and a run date in, the invoices a
 * process run on that date creates out. Pure and deterministic, so the preview endpoint and the
 * real run share it, and a run that is retried proposes the same invoices for what is still
 * unbilled. Throws `InvalidBillingInputError` for data that cannot be invoiced, so the caller can
 * park the contract.
 */
export function proposeInvoices(input: ContractBillingInput, runDate: string): InvoiceProposal {
  assertValidRunDate(runDate);
  assertValidBillingInput(input);
  const tally: Tally = { ...emptyCounts(), contractLinesConsidered: input.lines.length };
  const billedLines: BilledLine[] = [];
  const heldBack: HeldBackTransaction[] = [];
  for (const line of input.lines) {
    const selection = selectDueLine(line, runDate);
    if (selection.kind === 'NoSchedule') tally.skippedNoSchedule += 1;
    if (selection.kind === 'NotDue') tally.linesNotDue += 1;
    if (selection.kind !== 'Due') continue;
    const billed = applyCeiling(input, line, selection, heldBack);
    tally.linesDue += 1;
    if (!billsSomething(billed)) tally.skippedNoTransactions += 1;
    billedLines.push(billed);
  }
  const groups = groupByEffectiveRunDate(billedLines);
  const billable = groups.filter(isBillable);
  const invoices = billable.flatMap((group) => assembleInvoices(input, group));
  tally.heldBackByNotToExceed = heldBack.length;
  tally.invoicesProposed = invoices.length;
  tally.transactionsBilled = count(billable.flatMap((g) => g.lines.map((l) => l.transactions.length)));
  tally.milestonesBilled = count(billable.flatMap((g) => g.lines.map((l) => l.milestones.length)));
  const processedEntries = groups.flatMap((g) => g.lines.flatMap(entryRefs));
  return { invoices, processedEntries, counts: tally, heldBack };
}

function applyCeiling(
  input: ContractBillingInput,
  line: BillingLine,
  selection: DueSelection,
  heldBack: HeldBackTransaction[],
): BilledLine {
  const ceiling = line.billingMethod === 'TimeAndMaterial' ? line.notToExceed : null;
  const outcome = applyNotToExceed(selection.transactions, line.invoicedTotal, ceiling, input.currency);
  for (const t of outcome.heldBack) {
    heldBack.push({
      contractId: input.contractId,
      contractLineId: line.contractLineId,
      transactionId: t.transactionId,
      transactionDate: t.transactionDate,
      amount: format(owedAmount(t, input.currency)),
      reason: 'NotToExceed',
      notToExceed: format(money(ceiling ?? '0', input.currency)),
    });
  }
  return {
    line,
    effectiveRunDate: selection.effectiveRunDate,
    coveredEntries: selection.coveredEntries,
    transactions: outcome.billed,
    milestones: selection.milestones,
  };
}

function entryRefs(billed: BilledLine): ScheduleEntryRef[] {
  return billed.coveredEntries.map((e) => ({
    contractLineId: billed.line.contractLineId,
    invoiceRunDate: e.invoiceRunDate,
  }));
}

function count(numbers: readonly number[]): number {
  return numbers.reduce((a, b) => a + b, 0);
}
