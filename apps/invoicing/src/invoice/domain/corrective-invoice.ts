import {
  InvoiceDocument,
  InvoiceLine,
  format,
  formatDecimal,
  money,
  negate,
  parseDecimal,
} from '@app/event-contracts';
import { ProposedInvoice } from './proposed-invoice';

/**
 * The corrective draft that credits a confirmed invoice in full: the same customer, split, run
 * date, lines and details, every amount negated, and `correctsInvoiceId` pointing at the original.
 * Quantities are negated too, so quantity × unit price still gives the amount on each detail.
 * It bills nothing new and covers no schedule entry: the original's transactions and milestones
 * stay billed by the original.
 */
export function correctiveInvoice(original: InvoiceDocument): ProposedInvoice {
  const negateAmount = (amount: string) => format(negate(money(amount, original.currency)));
  return {
    groupKey: `${original.contractId}/corrects/${original.invoiceId}`,
    contractId: original.contractId,
    customerId: original.customerId,
    currency: original.currency,
    billingSplitPercent: original.billingSplitPercent,
    invoiceRunDate: original.invoiceRunDate,
    correctsInvoiceId: original.invoiceId,
    totalAmount: negateAmount(original.totalAmount),
    lines: original.lines.map((line) => creditLine(line, negateAmount)),
    billedTransactionIds: [],
    billedMilestoneIds: [],
    billedShares: [],
    coveredScheduleEntries: [],
  };
}

function creditLine(line: InvoiceLine, negateAmount: (amount: string) => string): InvoiceLine {
  return {
    ...line,
    amount: negateAmount(line.amount),
    details: line.details.map((detail) => ({
      ...detail,
      quantity: detail.quantity === null ? null : negateDecimal(detail.quantity),
      amount: negateAmount(detail.amount),
    })),
  };
}

function negateDecimal(value: string): string {
  const d = parseDecimal(value);
  return formatDecimal({ units: -d.units, scale: d.scale });
}
