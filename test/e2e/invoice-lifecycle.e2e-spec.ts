import { randomUUID } from 'node:crypto';
import {
  aContract,
  billedItems,
  ContractView,
  InvoiceView,
  MilestoneView,
  sumOf,
  useE2eSystem,
  useOnDemandRuns,
} from '../support';

/**
 * After a run (docs/product.md 2, 4.5, 5.2): confirming posts a draft, cancelling returns what it billed to
 * billable, a confirmed invoice is corrected by a crediting draft, and a not-to-exceed ceiling holds
 * transactions back. The contracts service follows every step through the invoices topic.
 */
describe('drafts after a process run', () => {
  const system = useE2eSystem('e2e_lifecycle');
  const run = useOnDemandRuns(system);
  const milestoneOf = (view: ContractView, milestoneId: string): MilestoneView | undefined =>
    view.lines.flatMap((line) => line.milestones).find((milestone) => milestone.milestoneId === milestoneId);
  const lineOf = (view: ContractView, lineId: string) =>
    view.lines.find((line) => line.contractLineId === lineId);

  /** A contract with a ready milestone and a transaction, both due on `runDate`, invoiced once. */
  async function invoicedContract(runDate: string, nextRunDate: string) {
    const contract = await aContract(system().contracts);
    const fixedPrice = await contract.fixedPriceLine();
    const milestone = await contract.milestone(fixedPrice, runDate, '5000.00');
    const timeAndMaterial = await contract.timeAndMaterialLine({ runDates: [runDate, nextRunDate] });
    const transaction = await contract.transaction(timeAndMaterial, {
      date: '2025-01-02',
      quantity: '10',
      unitPrice: '95.50',
    });
    await run(runDate);
    const [invoice] = await system().invoicing.invoicesOf(contract.contractId);
    return { contract, fixedPrice, timeAndMaterial, milestone, transaction, invoice };
  }

  it('confirming a draft posts it, its milestones and its transactions; a posted invoice cannot be cancelled', async () => {
    const { contract, timeAndMaterial, milestone, invoice } = await invoicedContract(
      '2025-02-03',
      '2025-02-10',
    );
    await system().contracts.contractWhen(
      contract.contractId,
      (view) => milestoneOf(view, milestone)?.status === 'InvoiceCreated',
      'the milestone to show its invoice',
    );

    const confirmed = await system().invoicing.confirm(invoice.invoiceId);

    expect(confirmed).toMatchObject({
      invoiceId: invoice.invoiceId,
      status: 'Confirmed',
      totalAmount: '5955.00',
    });
    const view = await system().contracts.contractWhen(
      contract.contractId,
      (current) => milestoneOf(current, milestone)?.status === 'InvoicePosted',
      'the milestone to be posted',
    );
    expect(milestoneOf(view, milestone)).toMatchObject({
      invoiceId: invoice.invoiceId,
      invoiceNumber: invoice.invoiceNumber,
    });
    expect(lineOf(view, timeAndMaterial)?.transactions).toEqual({ unbilled: 0, billed: 0, posted: 1 });
    const cancelAnswer = await system().invoicing.http.send('POST', `/invoices/${invoice.invoiceId}/cancel`);
    expect(cancelAnswer.status).toBe(409);
    expect((await system().invoicing.getInvoice(invoice.invoiceId)).status).toBe('Confirmed');
  });

  it('cancelling a draft returns its items to billable, and the next run bills them again on a new invoice', async () => {
    const { contract, timeAndMaterial, milestone, transaction, invoice } = await invoicedContract(
      '2025-03-03',
      '2025-03-10',
    );
    await system().contracts.contractWhen(
      contract.contractId,
      (view) => milestoneOf(view, milestone)?.status === 'InvoiceCreated',
      'the milestone to show its invoice',
    );

    const cancelled = await system().invoicing.cancel(invoice.invoiceId);

    expect(cancelled.status).toBe('Cancelled');
    const view = await system().contracts.contractWhen(
      contract.contractId,
      (current) =>
        milestoneOf(current, milestone)?.status === 'ReadyForInvoicing' &&
        lineOf(current, timeAndMaterial)?.transactions.unbilled === 1,
      'the milestone and the transaction to be billable again',
    );
    expect(lineOf(view, timeAndMaterial)?.transactions).toEqual({ unbilled: 1, billed: 0, posted: 0 });
    await run('2025-03-10');
    const invoices = await system().invoicing.invoicesOf(contract.contractId);
    const [original, ...rebilled] = invoices;
    expect(original).toMatchObject({ invoiceId: invoice.invoiceId, status: 'Cancelled' });
    // The milestone's run date is its own date; the line's is its latest due schedule entry.
    const byRunDate = [...rebilled].sort((a, b) => a.invoiceRunDate.localeCompare(b.invoiceRunDate));
    expect(byRunDate.map((each) => [each.invoiceRunDate, each.status, billedItems([each])])).toEqual([
      ['2025-03-03', 'Draft', [milestone]],
      ['2025-03-10', 'Draft', [transaction]],
    ]);
    expect(rebilled.map((each) => each.invoiceNumber)).not.toContain(invoice.invoiceNumber);
    expect(
      sumOf(
        'EUR',
        rebilled.map((each) => each.totalAmount),
      ),
    ).toBe(invoice.totalAmount);
  });

  it("cancelling one customer's invoice of a 60/40 split bills only that share again, at the amount billed before", async () => {
    const contract = await aContract(system().contracts);
    const [sixty, forty] = [randomUUID(), randomUUID()];
    await contract.customers([
      { customerId: sixty, billingSplitPercent: '60' },
      { customerId: forty, billingSplitPercent: '40' },
    ]);
    const timeAndMaterial = await contract.timeAndMaterialLine({ runDates: ['2025-06-02', '2025-06-09'] });
    const transactions = [
      await contract.transaction(timeAndMaterial, { date: '2025-05-28', quantity: '1', unitPrice: '100.01' }),
      await contract.transaction(timeAndMaterial, { date: '2025-05-29', quantity: '1', unitPrice: '33.33' }),
    ];
    const fixedPrice = await contract.fixedPriceLine();
    const milestone = await contract.milestone(fixedPrice, '2025-06-02', '1000.01');
    await run('2025-06-02');
    const [first, second] = await system().invoicing.invoicesOf(contract.contractId);
    const ofSixty = first.customerId === sixty ? first : second;
    const ofForty = first.customerId === sixty ? second : first;
    expect([ofSixty.totalAmount, ofForty.totalAmount]).toEqual(['680.01', '453.34']);

    await system().invoicing.cancel(ofSixty.invoiceId);
    expect(await system().invoicing.scheduleEntries(contract.contractId)).toMatchObject([
      { invoiceRunDate: '2025-06-02', status: 'NotRun', invoiceId: null },
      { invoiceRunDate: '2025-06-09', status: 'NotRun' },
    ]);
    // The milestone stays invoiced (the 40 % share stands); each item shows which invoice holds which share.
    const heldByForty = {
      customerId: forty,
      invoiceId: ofForty.invoiceId,
      invoiceNumber: ofForty.invoiceNumber,
    };
    const afterCancel = await system().contracts.contractWhen(
      contract.contractId,
      (view) => milestoneOf(view, milestone)?.shares.length === 1,
      'the milestone to show only the standing share',
    );
    expect(milestoneOf(afterCancel, milestone)).toMatchObject({
      status: 'InvoiceCreated',
      shares: [{ ...heldByForty, status: 'InvoiceCreated' }],
    });
    expect(lineOf(afterCancel, timeAndMaterial)?.transactions).toEqual({ unbilled: 2, billed: 0, posted: 0 });
    const shown = await system().contracts.transactionsOf(contract.contractId);
    expect(shown.map((t) => t.shares)).toEqual([
      [{ ...heldByForty, billingStatus: 'Billed' }],
      [{ ...heldByForty, billingStatus: 'Billed' }],
    ]);
    // A later change of the split does not change what the released share owes.
    await contract.customers([
      { customerId: sixty, billingSplitPercent: '50' },
      { customerId: forty, billingSplitPercent: '50' },
    ]);
    await run('2025-06-02');

    const invoices = await system().invoicing.invoicesOf(contract.contractId);
    expect(invoices.map((invoice) => [invoice.invoiceId, invoice.status])).toEqual(
      expect.arrayContaining([
        [ofSixty.invoiceId, 'Cancelled'],
        [ofForty.invoiceId, 'Draft'],
      ]),
    );
    const rebilled = invoices.filter(
      (i) => i.invoiceId !== ofSixty.invoiceId && i.invoiceId !== ofForty.invoiceId,
    );
    expect(rebilled).toHaveLength(1);
    expect(rebilled[0]).toMatchObject({ customerId: sixty, totalAmount: ofSixty.totalAmount });
    const detailsOf = (invoice: InvoiceView) =>
      invoice.lines.flatMap((line) => line.details.map((d) => [line.contractLineId, d.id, d.amount])).sort();
    expect(detailsOf(rebilled[0])).toEqual(detailsOf(ofSixty));
    expect(await system().invoicing.getInvoice(ofForty.invoiceId)).toEqual(ofForty);
    expect([...transactions, milestone].every((id) => billedItems(rebilled).includes(id))).toBe(true);
    const settled = await system().contracts.contractWhen(
      contract.contractId,
      (view) => milestoneOf(view, milestone)?.shares.length === 2,
      'the milestone to show both shares again',
    );
    expect(
      milestoneOf(settled, milestone)
        ?.shares.map((share) => [share.customerId, share.invoiceId])
        .sort(),
    ).toEqual(
      [
        [sixty, rebilled[0].invoiceId],
        [forty, ofForty.invoiceId],
      ].sort(),
    );
    expect(lineOf(settled, timeAndMaterial)?.transactions).toEqual({ unbilled: 0, billed: 2, posted: 0 });
  });

  it("cancelling the invoice of a line's last schedule entry makes the entry due again, and a later run bills it", async () => {
    const contract = await aContract(system().contracts);
    const line = await contract.timeAndMaterialLine({ runDates: ['2025-07-07'] });
    const transaction = await contract.transaction(line, {
      date: '2025-07-01',
      quantity: '4',
      unitPrice: '12.50',
    });
    await run('2025-07-07');
    const [invoice] = await system().invoicing.invoicesOf(contract.contractId);

    await system().invoicing.cancel(invoice.invoiceId);

    expect(await system().invoicing.scheduleEntries(contract.contractId)).toMatchObject([
      { invoiceRunDate: '2025-07-07', status: 'NotRun', invoiceId: null },
    ]);
    await run('2025-07-14');
    const invoices = await system().invoicing.invoicesOf(contract.contractId);
    expect(invoices.map((each) => [each.status, each.totalAmount, billedItems([each])])).toEqual([
      ['Cancelled', '50.00', [transaction]],
      ['Draft', '50.00', [transaction]],
    ]);
    expect(await system().invoicing.scheduleEntries(contract.contractId)).toMatchObject([
      { invoiceRunDate: '2025-07-07', status: 'RunSuccessful', invoiceId: invoices[1].invoiceId },
    ]);
  });

  it('corrects a confirmed invoice once, with a draft that credits every line', async () => {
    const { invoice } = await invoicedContract('2025-04-07', '2025-04-14');
    await system().invoicing.confirm(invoice.invoiceId);

    const corrective = await system().invoicing.correct(invoice.invoiceId);

    expect(corrective).toMatchObject({
      contractId: invoice.contractId,
      customerId: invoice.customerId,
      correctsInvoiceId: invoice.invoiceId,
      status: 'Draft',
      totalAmount: '-5955.00',
    });
    expect(corrective.invoiceNumber).not.toBe(invoice.invoiceNumber);
    const credited = (lines: typeof invoice.lines) =>
      lines.map((line) => [line.contractLineId, line.amount.replace(/^-/, '')]).sort();
    expect(credited(corrective.lines)).toEqual(credited(invoice.lines));
    expect(corrective.lines.every((line) => line.amount.startsWith('-'))).toBe(true);
    const again = await system().invoicing.http.send('POST', `/invoices/${invoice.invoiceId}/correct`);
    expect(again.status).toBe(409);
    const ofDraft = await system().invoicing.http.send('POST', `/invoices/${corrective.invoiceId}/correct`);
    expect(ofDraft.status).toBe(409);
  });

  it('holds back transactions that would take a line above its not-to-exceed, run after run', async () => {
    await run('2025-05-05');
    const contract = await aContract(system().contracts);
    const line = await contract.timeAndMaterialLine({
      runDates: ['2025-05-05', '2025-05-12'],
      notToExceed: '1000.00',
    });
    const first = await contract.transaction(line, {
      date: '2025-05-01',
      quantity: '6',
      unitPrice: '100.00',
    });
    const second = await contract.transaction(line, {
      date: '2025-05-02',
      quantity: '3',
      unitPrice: '100.00',
    });
    await contract.transaction(line, { date: '2025-05-03', quantity: '2', unitPrice: '100.00' });

    const firstRun = await run('2025-05-05');
    const secondRun = await run('2025-05-12');

    const invoices = await system().invoicing.invoicesOf(contract.contractId);
    expect(invoices).toHaveLength(1);
    expect(invoices[0].totalAmount).toBe('900.00');
    expect(billedItems(invoices).sort()).toEqual([first, second].sort());
    expect(firstRun.heldBackByNotToExceed).toBe(1);
    expect(secondRun.heldBackByNotToExceed).toBe(1);
    const view = await system().contracts.contractWhen(
      contract.contractId,
      (current) => current.lines[0].transactions.billed === 2,
    );
    expect(view.lines[0].transactions).toEqual({ unbilled: 1, billed: 2, posted: 0 });
  });
});
