import { add, format, money } from '@app/event-contracts';
import { InvoiceView } from './invoicing.client';

export interface BilledLine {
  readonly contractLineId: string;
  readonly billingMethod: string;
  readonly amount: string;
  /** Ids of the transactions and milestones the line bills, sorted. */
  readonly items: readonly string[];
}

/** What an invoice bills, line by line in line-number order: the part of an invoice a scenario asserts. */
export function billedLines(invoice: Pick<InvoiceView, 'lines'>): BilledLine[] {
  return [...invoice.lines]
    .sort((a, b) => a.lineNumber - b.lineNumber)
    .map((line) => ({
      contractLineId: line.contractLineId,
      billingMethod: line.billingMethod,
      amount: line.amount,
      items: line.details.map((detail) => detail.id).sort(),
    }));
}

/** Every transaction or milestone id billed by the invoices, once per time it was billed. */
export function billedItems(invoices: readonly Pick<InvoiceView, 'lines'>[]): string[] {
  return invoices.flatMap((invoice) =>
    invoice.lines.flatMap((line) => line.details.map((detail) => detail.id)),
  );
}

/** Exact sum of decimal amounts in a currency (no floating point). */
export function sumOf(currency: string, amounts: readonly string[]): string {
  return format(amounts.reduce((total, amount) => add(total, money(amount, currency)), money('0', currency)));
}
