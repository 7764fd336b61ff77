import {
  InvoiceLine,
  InvoiceLineDetail,
  Money,
  format,
  money,
  parseDecimal,
  sum,
} from '@app/event-contracts';
import {
  BillingCustomer,
  BillingMilestone,
  ContractBillingInput,
  UnbilledTransaction,
} from './billing-input';
import { splitDetailAmounts } from './billing-split';
import { BilledLine, InvoiceGroup } from './invoice-grouping';
import { ProposedInvoice, ScheduleEntryRef } from './invoice-proposal';

type DetailTemplate = Omit<InvoiceLineDetail, 'amount'> & { readonly amount: Money };

/**
 * One invoice per customer for a billable group: one line per due contract line of the group
 * (amount zero when it bills nothing this time), details and amounts split by percentage.
 */
export function assembleInvoices(input: ContractBillingInput, group: InvoiceGroup): ProposedInvoice[] {
  const customers = payingCustomers(input.customers);
  const percents = customers.map((c) => c.billingSplitPercent);
  const splitLines = group.lines.map((billed) => splitLine(billed, percents, input.currency));
  const inputs = billedInputs(group);
  return customers.map((customer, k) => {
    const lines = splitLines.map((split, index) => ({ ...split[k], lineNumber: index + 1 }));
    const total = sum(
      input.currency,
      lines.map((line) => money(line.amount, input.currency)),
    );
    return {
      groupKey: `${input.contractId}/${group.invoiceRunDate}`,
      contractId: input.contractId,
      customerId: customer.customerId,
      currency: input.currency,
      billingSplitPercent: customer.billingSplitPercent,
      invoiceRunDate: group.invoiceRunDate,
      correctsInvoiceId: null,
      totalAmount: format(total),
      lines,
      ...inputs,
    };
  });
}

/** A customer at 0 % has nothing billable, so gets no invoice (and must not take remainders). */
function payingCustomers(customers: readonly BillingCustomer[]): BillingCustomer[] {
  return customers.filter((c) => parseDecimal(c.billingSplitPercent).units !== 0n);
}

function splitLine(billed: BilledLine, percents: readonly string[], currency: string): InvoiceLine[] {
  const templates = detailTemplates(billed, currency);
  const shares = splitDetailAmounts(
    templates.map((t) => t.amount),
    percents,
    currency,
  );
  return shares.map((customerShares) => {
    const details = templates.map((t, i) => ({ ...t, amount: format(customerShares[i]) }));
    return {
      lineNumber: 0,
      contractLineId: billed.line.contractLineId,
      billingMethod: billed.line.billingMethod,
      amount: format(sum(currency, customerShares)),
      details,
    };
  });
}

function detailTemplates(billed: BilledLine, currency: string): DetailTemplate[] {
  return [
    ...billed.transactions.map((t) => transactionDetail(t, currency)),
    ...billed.milestones.map((m) => milestoneDetail(m, currency)),
  ];
}

function transactionDetail(t: UnbilledTransaction, currency: string): DetailTemplate {
  return {
    kind: 'Transaction',
    id: t.transactionId,
    transactionClass: t.transactionClass,
    date: t.transactionDate,
    quantity: t.quantity,
    unitPrice: t.unitPrice,
    amount: money(t.amount, currency),
  };
}

function milestoneDetail(m: BillingMilestone, currency: string): DetailTemplate {
  return {
    kind: 'Milestone',
    id: m.milestoneId,
    transactionClass: null,
    date: m.milestoneDate,
    quantity: null,
    unitPrice: null,
    amount: money(m.amount, currency),
  };
}

function billedInputs(group: InvoiceGroup) {
  const coveredScheduleEntries: ScheduleEntryRef[] = group.lines.flatMap((billed) =>
    billed.coveredEntries.map((e) => ({
      contractLineId: billed.line.contractLineId,
      invoiceRunDate: e.invoiceRunDate,
    })),
  );
  return {
    billedTransactionIds: group.lines.flatMap((b) => b.transactions.map((t) => t.transactionId)),
    billedMilestoneIds: group.lines.flatMap((b) => b.milestones.map((m) => m.milestoneId)),
    coveredScheduleEntries,
  };
}
