import { randomUUID } from 'node:crypto';
import { add, format, InvoiceDocument, InvoiceLineDetail, money } from '@app/event-contracts';
import { EventStore, runInTransaction } from '@app/event-store';
import { DataSource } from 'typeorm';
import { takeInvoiceNumbers } from '../src/invoice/invoice-number';
import { recordInvoiceGroup } from '../src/invoice/invoice.persistence';
import { SeededContract, SeededMilestone, SeededTransaction } from './two-line-contract.seed';

export interface DraftInvoiceSeed {
  readonly contract: SeededContract;
  readonly transactions?: readonly SeededTransaction[];
  readonly milestones?: readonly SeededMilestone[];
  readonly processRunId?: string;
  readonly invoiceRunDate?: string;
  readonly at?: Date;
  /**
   * Whether the invoices cover the time line's schedule entry (default: when they bill
   * transactions). A run covers a due line's entry even when the line bills nothing this time.
   */
  readonly coversTimeLineEntry?: boolean;
}

/**
 * Draft invoices the way a process run stores them (one per customer of the contract, same items,
 * the split simplified to equal amounts): numbers from the sequence, billed marks, covered entry
 * and `InvoiceCreated` events, in one transaction.
 */
export async function recordDraftInvoices(
  dataSource: DataSource,
  eventStore: EventStore,
  seed: DraftInvoiceSeed,
): Promise<InvoiceDocument[]> {
  const transactions = seed.transactions ?? [];
  const milestones = seed.milestones ?? [];
  const invoiceRunDate = seed.invoiceRunDate ?? '2024-03-02';
  const processRunId = seed.processRunId ?? randomUUID();
  return runInTransaction(dataSource, async (runner) => {
    const numbers = await takeInvoiceNumbers(runner, seed.contract.customerIds.length);
    const invoices = seed.contract.customerIds.map((customerId, index) =>
      draftInvoice(
        seed.contract,
        customerId,
        { transactions, milestones, invoiceRunDate, processRunId },
        numbers[index],
      ),
    );
    await recordInvoiceGroup(
      runner,
      eventStore,
      invoices,
      {
        shares: invoices.flatMap((invoice) =>
          invoice.lines.flatMap((line) =>
            line.details.map((detail) => ({
              kind: detail.kind,
              itemId: detail.id,
              contractLineId: line.contractLineId,
              customerId: invoice.customerId,
              amount: detail.amount,
              rebilled: false,
            })),
          ),
        ),
        coveredScheduleEntries:
          (seed.coversTimeLineEntry ?? transactions.length > 0)
            ? [{ contractLineId: seed.contract.timeLineId, invoiceRunDate }]
            : [],
      },
      { at: seed.at ?? new Date('2024-03-02T06:00:00Z') },
    );
    return invoices;
  });
}

function draftInvoice(
  contract: SeededContract,
  customerId: string,
  items: {
    transactions: readonly SeededTransaction[];
    milestones: readonly SeededMilestone[];
    invoiceRunDate: string;
    processRunId: string;
  },
  invoiceNumber: string,
): InvoiceDocument {
  const timeDetails: InvoiceLineDetail[] = items.transactions.map((t) => ({
    kind: 'Transaction',
    id: t.transactionId,
    transactionClass: t.transactionClass,
    date: t.transactionDate,
    quantity: t.quantity,
    unitPrice: t.unitPrice,
    amount: t.amount,
  }));
  const milestoneDetails: InvoiceLineDetail[] = items.milestones.map((m) => ({
    kind: 'Milestone',
    id: m.milestoneId,
    transactionClass: null,
    date: m.milestoneDate,
    quantity: null,
    unitPrice: null,
    amount: m.amount,
  }));
  const sum = (details: InvoiceLineDetail[]) =>
    format(details.reduce((total, d) => add(total, money(d.amount, 'EUR')), money('0', 'EUR')));
  const all = [...timeDetails, ...milestoneDetails];
  return {
    invoiceId: randomUUID(),
    invoiceNumber,
    contractId: contract.contractId,
    customerId,
    currency: 'EUR',
    billingSplitPercent: contract.customerIds.length === 1 ? '100' : '50',
    invoiceRunDate: items.invoiceRunDate,
    processRunId: items.processRunId,
    correctsInvoiceId: null,
    status: 'Draft',
    totalAmount: sum(all),
    lines: [
      {
        lineNumber: 1,
        contractLineId: contract.timeLineId,
        billingMethod: 'TimeAndMaterial',
        amount: sum(timeDetails),
        details: timeDetails,
      },
      {
        lineNumber: 2,
        contractLineId: contract.fixedPriceLineId,
        billingMethod: 'FixedPrice',
        amount: sum(milestoneDetails),
        details: milestoneDetails,
      },
    ],
  };
}
