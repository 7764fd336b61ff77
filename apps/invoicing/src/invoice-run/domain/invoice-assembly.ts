import { InvoiceLineDetail, Money, format, money, parseDecimal, sum } from '@app/event-contracts';
import {
  BillingCustomer,
  BillingMilestone,
  ContractBillingInput,
  ReleasedShare,
  UnbilledTransaction,
} from './billing-input';
import { splitDetailAmounts } from './detail-amount-split';
import { BilledLine, InvoiceGroup } from './invoice-grouping';
import { ProposedInvoice, ScheduleEntryRef } from '../../invoice/domain';

type DetailTemplate = Omit<InvoiceLineDetail, 'amount'> & {
  readonly amount: Money;
  /** Empty: the whole item is billed, split among the paying customers. */
  readonly releasedShares: readonly ReleasedShare[];
};

/** A detail as one customer's invoice carries it, with whether it bills a released share again. */
interface CustomerDetail {
  readonly detail: InvoiceLineDetail;
  readonly rebilled: boolean;
}

/**
 * One invoice per customer with something to bill in a billable group: one line per due contract
 * line of the group (amount zero when it bills nothing this time). An item billed for the first
 * time (or again after every share of it was released) is split among the paying customers by
 * percentage; a released share goes to its customer alone, at the amount it was billed at, so
 * the item's shares still add up to its amount (docs/product.md 3.12).
 */
export function assembleInvoices(input: ContractBillingInput, group: InvoiceGroup): ProposedInvoice[] {
  const paying = payingCustomers(input.customers);
  const splitLines = group.lines.map((billed) => splitLine(billed, paying, input.currency));
  const coveredScheduleEntries = coveredEntriesOf(group);
  return invoiceCustomers(paying, group).flatMap((customer) => {
    const shares = splitLines.map((split) => split.get(customer.customerId) ?? []);
    if (shares.every((details) => details.length === 0)) return [];
    const lines = group.lines.map((billed, index) => ({
      lineNumber: index + 1,
      contractLineId: billed.line.contractLineId,
      billingMethod: billed.line.billingMethod,
      amount: format(
        sum(
          input.currency,
          shares[index].map((share) => money(share.detail.amount, input.currency)),
        ),
      ),
      details: shares[index].map((share) => share.detail),
    }));
    const total = sum(
      input.currency,
      lines.map((line) => money(line.amount, input.currency)),
    );
    const billedShares = lines.flatMap((line, index) =>
      shares[index].map(({ detail, rebilled }) => ({
        kind: detail.kind,
        itemId: detail.id,
        contractLineId: line.contractLineId,
        amount: detail.amount,
        rebilled,
      })),
    );
    return [
      {
        groupKey: `${input.contractId}/${group.invoiceRunDate}`,
        contractId: input.contractId,
        customerId: customer.customerId,
        currency: input.currency,
        billingSplitPercent: customer.billingSplitPercent,
        invoiceRunDate: group.invoiceRunDate,
        correctsInvoiceId: null,
        totalAmount: format(total),
        lines,
        billedTransactionIds: billedShares.filter((s) => s.kind === 'Transaction').map((s) => s.itemId),
        billedMilestoneIds: billedShares.filter((s) => s.kind === 'Milestone').map((s) => s.itemId),
        billedShares,
        coveredScheduleEntries,
      },
    ];
  });
}

/** A customer at 0 % has nothing billable, so gets no invoice (and must not take remainders). */
function payingCustomers(customers: readonly BillingCustomer[]): BillingCustomer[] {
  return customers.filter((c) => parseDecimal(c.billingSplitPercent).units !== 0n);
}

/**
 * The paying customers in split order, then customers who are owed a released share but pay
 * nothing under the split as it is now, with the percentage they were billed at.
 */
function invoiceCustomers(paying: readonly BillingCustomer[], group: InvoiceGroup): BillingCustomer[] {
  const customers = new Map(paying.map((c) => [c.customerId, c]));
  for (const billed of group.lines) {
    const items = [...billed.transactions, ...billed.milestones];
    for (const share of items.flatMap((item) => item.releasedShares ?? [])) {
      if (!customers.has(share.customerId)) {
        customers.set(share.customerId, {
          customerId: share.customerId,
          billingSplitPercent: share.billingSplitPercent,
        });
      }
    }
  }
  return [...customers.values()];
}

/** Customer id → that customer's details of the line, in billing order. */
function splitLine(
  billed: BilledLine,
  paying: readonly BillingCustomer[],
  currency: string,
): Map<string, CustomerDetail[]> {
  const templates = detailTemplates(billed, currency);
  const whole = templates.filter((t) => t.releasedShares.length === 0);
  const split = splitDetailAmounts(
    whole.map((t) => t.amount),
    paying.map((c) => c.billingSplitPercent),
    currency,
  );
  const position = new Map(whole.map((t, index) => [t, index]));
  const byCustomer = new Map<string, CustomerDetail[]>();
  const give = (customerId: string, template: DetailTemplate, amount: Money, rebilled: boolean) => {
    const { releasedShares: _released, ...detail } = template;
    const details = byCustomer.get(customerId) ?? [];
    details.push({ detail: { ...detail, amount: format(amount) }, rebilled });
    byCustomer.set(customerId, details);
  };
  for (const template of templates) {
    const index = position.get(template);
    if (index !== undefined) {
      paying.forEach((customer, k) => give(customer.customerId, template, split[k][index], false));
    } else {
      for (const share of template.releasedShares) {
        give(share.customerId, template, money(share.amount, currency), true);
      }
    }
  }
  return byCustomer;
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
    releasedShares: t.releasedShares ?? [],
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
    releasedShares: m.releasedShares ?? [],
  };
}

function coveredEntriesOf(group: InvoiceGroup): ScheduleEntryRef[] {
  return group.lines.flatMap((billed) =>
    billed.coveredEntries.map((e) => ({
      contractLineId: billed.line.contractLineId,
      invoiceRunDate: e.invoiceRunDate,
    })),
  );
}
