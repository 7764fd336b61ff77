import { add, format, money, negate } from '@app/event-contracts';
import { E2eSystem, InvoiceView } from '../support';
import { InvoiceTopicCollector } from './invoice-topic.collector';
import { ModelCoverage, ModelWorld } from './model-world';

const euros = (minor: bigint): string => format({ currency: 'EUR', minor });
const sumOf = (amounts: readonly string[]): string =>
  format(amounts.reduce((total, amount) => add(total, money(amount, 'EUR')), money('0', 'EUR')));

/**
 * What must hold after every sequence (docs/product.md 3.5, 3.7, 3.12, 5.2): the invoices and their
 * statuses are the model's; every customer's share of every item is on exactly one standing invoice
 * or, with a reason, on none; amounts add up; schedule entries are as the model left them; and the
 * invoices topic says what the database says.
 */
export async function checkSequence(
  system: E2eSystem,
  world: ModelWorld,
  collector: InvoiceTopicCollector,
  coverage: ModelCoverage,
): Promise<void> {
  const { model } = world;
  const realInvoices = new Map<string, InvoiceView>();
  for (const contract of model.contracts) {
    for (const invoice of await system.invoicing.invoicesOf(contract.contractId)) {
      realInvoices.set(invoice.invoiceId, invoice);
    }
  }
  const realOf = (modelId: string): InvoiceView => {
    const invoice = realInvoices.get(world.realIds.get(modelId) ?? '');
    if (invoice === undefined) throw new Error(`model invoice ${modelId} has no real invoice`);
    return invoice;
  };

  // The same invoices, with the same statuses and links.
  expect([...realInvoices.keys()].sort()).toEqual(
    model.invoices.map((each) => world.realIds.get(each.modelId)).sort(),
  );
  for (const invoice of model.invoices) {
    const real = realOf(invoice.modelId);
    const corrects =
      invoice.correctsModelId === null ? null : (world.realIds.get(invoice.correctsModelId) ?? null);
    expect({
      invoice: real.invoiceNumber,
      status: real.status,
      correctsInvoiceId: real.correctsInvoiceId,
    }).toEqual({
      invoice: real.invoiceNumber,
      status: invoice.status,
      correctsInvoiceId: corrects,
    });
  }

  // Every invoice adds up: details to lines, lines to the total; a corrective credits its original.
  for (const real of realInvoices.values()) {
    for (const line of real.lines) {
      expect({ line: line.contractLineId, amount: line.amount }).toEqual({
        line: line.contractLineId,
        amount: sumOf(line.details.map((detail) => detail.amount)),
      });
    }
    expect({ invoice: real.invoiceNumber, total: real.totalAmount }).toEqual({
      invoice: real.invoiceNumber,
      total: sumOf(real.lines.map((line) => line.amount)),
    });
  }
  for (const invoice of model.invoices) {
    if (invoice.correctsModelId === null) continue;
    const original = realOf(invoice.correctsModelId);
    expect(realOf(invoice.modelId).totalAmount).toBe(format(negate(money(original.totalAmount, 'EUR'))));
  }

  // Each customer's share of each item: on exactly the model's standing invoice, or on none.
  for (const contract of model.contracts) {
    for (const item of contract.lines.flatMap((line) => line.items)) {
      const shareAmounts: string[] = [];
      for (const { customerId } of contract.customers) {
        const standing = [...realInvoices.values()].filter(
          (real) =>
            real.customerId === customerId &&
            real.correctsInvoiceId === null &&
            real.status !== 'Cancelled' &&
            real.lines.some((line) => line.details.some((detail) => detail.id === item.id)),
        );
        const expected = item.billedTo.get(customerId);
        expect({ item: item.id, customerId, standingOn: standing.map((real) => real.invoiceId) }).toEqual({
          item: item.id,
          customerId,
          standingOn: expected === undefined ? [] : [world.realIds.get(expected)],
        });
        if (expected === undefined) {
          const reason = model.unbilledReason(item.id);
          coverage.unbilledReasons.set(reason, (coverage.unbilledReasons.get(reason) ?? 0) + 1);
        }
        for (const real of standing) {
          const detail = real.lines.flatMap((line) => line.details).find((each) => each.id === item.id);
          if (detail) shareAmounts.push(detail.amount);
        }
      }
      // Once every customer's share stands, the shares add up to exactly the item's amount.
      if (shareAmounts.length === contract.customers.length) {
        expect({ item: item.id, shares: sumOf(shareAmounts) }).toEqual({
          item: item.id,
          shares: euros(item.amountMinor),
        });
      }
    }
    // A contract of one customer: each invoice is exactly what its items cost.
    if (contract.customers.length === 1) {
      for (const invoice of model.invoices.filter(
        (each) => each.contractId === contract.contractId && each.correctsModelId === null,
      )) {
        const expected = invoice.itemIds.reduce((total, id) => total + model.lineOf(id).item.amountMinor, 0n);
        expect({ invoice: invoice.modelId, total: realOf(invoice.modelId).totalAmount }).toEqual({
          invoice: invoice.modelId,
          total: euros(expected),
        });
      }
    }
  }

  // Schedule entries: processed or due again, as the model left them.
  for (const contract of model.contracts) {
    const entries = await system.invoicing.scheduleEntries(contract.contractId);
    const real = entries
      .map((entry) => `${entry.contractLineId} ${entry.invoiceRunDate} ${entry.status}`)
      .sort();
    const expected = contract.lines
      .flatMap((line) =>
        line.entries.map((entry) => `${line.lineId} ${world.date(entry.runDay)} ${entry.status}`),
      )
      .sort();
    expect({ contract: contract.contractId, entries: real }).toEqual({
      contract: contract.contractId,
      entries: expected,
    });
  }

  // The topic: the ERP's view of every invoice equals the database's, once the relay has sent all.
  const databaseView = [...realInvoices.values()]
    .map(
      (real) =>
        `${real.invoiceId} ${real.customerId} ${real.totalAmount} ${real.correctsInvoiceId} ${real.status}`,
    )
    .sort();
  const topicView = () =>
    model.contracts
      .flatMap((contract) => collector.ofContract(contract.contractId))
      .map(
        (each) =>
          `${each.invoiceId} ${each.customerId} ${each.totalAmount} ${each.correctsInvoiceId} ${each.status}`,
      )
      .sort();
  await system
    .waitFor(() => JSON.stringify(topicView()) === JSON.stringify(databaseView), {
      timeoutMs: 30_000,
      intervalMs: 50,
      description: 'the invoices topic to say what the database says',
    })
    .catch(() => undefined);
  expect(topicView()).toEqual(databaseView);
}
