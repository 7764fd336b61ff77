import { randomUUID } from 'crypto';
import { aContract, billedItems, billedLines, sumOf, useE2eSystem, useOnDemandRuns } from '../support';

/**
 * The invoice run rules (docs/product.md 3) through the public interfaces of both running services: contract
 * data over the contracts REST API, runs started with run-now on an explicit run date, invoices read back
 * from the invoicing API. Every test reads only its own contract's invoices; run counts are for the whole
 * database, so tests that assert them compare against a run on the same date just before.
 */
describe('process runs over contracts written through the contracts service', () => {
  const system = useE2eSystem('e2e_runs');
  const run = useOnDemandRuns(system);
  const invoicesOf = (contractId: string) => system().invoicing.invoicesOf(contractId);

  it('bills two time-and-material lines due on the same run date on one invoice, one invoice line each', async () => {
    const contract = await aContract(system().contracts);
    const design = await contract.timeAndMaterialLine({ runDates: ['2025-03-10'] });
    const build = await contract.timeAndMaterialLine({ runDates: ['2025-03-10'] });
    const workshop = await contract.transaction(design, {
      date: '2025-03-03',
      quantity: '8',
      unitPrice: '120.00',
    });
    const coding = await contract.transaction(build, {
      date: '2025-03-09',
      quantity: '2.5',
      unitPrice: '99.99',
    });

    const processRun = await run('2025-03-10');

    const invoices = await invoicesOf(contract.contractId);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({
      contractId: contract.contractId,
      customerId: contract.customerId,
      currency: 'EUR',
      billingSplitPercent: '100',
      invoiceRunDate: '2025-03-10',
      processRunId: processRun.processRunId,
      correctsInvoiceId: null,
      status: 'Draft',
      totalAmount: '1209.98',
    });
    expect(invoices[0].invoiceNumber).toMatch(/^INV-\d{6}$/);
    expect(billedLines(invoices[0])).toEqual([
      { contractLineId: design, billingMethod: 'TimeAndMaterial', amount: '960.00', items: [workshop] },
      { contractLineId: build, billingMethod: 'TimeAndMaterial', amount: '249.98', items: [coding] },
    ]);
  });

  it('bills lines of one contract with different effective run dates on separate invoices', async () => {
    const contract = await aContract(system().contracts);
    const weekly = await contract.timeAndMaterialLine({ runDates: ['2025-04-07'] });
    const monthly = await contract.timeAndMaterialLine({ runDates: ['2025-04-01'] });
    const onWeekly = await contract.transaction(weekly, {
      date: '2025-03-31',
      quantity: '1',
      unitPrice: '100.00',
    });
    const onMonthly = await contract.transaction(monthly, {
      date: '2025-03-20',
      quantity: '3',
      unitPrice: '50.00',
    });

    await run('2025-04-07');

    const invoices = await invoicesOf(contract.contractId);
    const byRunDate = Object.fromEntries(
      invoices.map((invoice) => [invoice.invoiceRunDate, billedLines(invoice)]),
    );
    expect(byRunDate).toEqual({
      '2025-04-01': [
        { contractLineId: monthly, billingMethod: 'TimeAndMaterial', amount: '150.00', items: [onMonthly] },
      ],
      '2025-04-07': [
        { contractLineId: weekly, billingMethod: 'TimeAndMaterial', amount: '100.00', items: [onWeekly] },
      ],
    });
    expect(new Set(invoices.map((invoice) => invoice.invoiceNumber)).size).toBe(2);
  });

  it('bills a ready milestone and a time-and-material line due the same day on one invoice', async () => {
    const contract = await aContract(system().contracts);
    const fixedPrice = await contract.fixedPriceLine();
    const designSignedOff = await contract.milestone(fixedPrice, '2025-05-05', '12500.00');
    await contract.milestone(fixedPrice, '2025-05-05', '999.00', false);
    const support = await contract.timeAndMaterialLine({ runDates: ['2025-05-05'] });
    const hotline = await contract.transaction(support, {
      date: '2025-05-02',
      quantity: '4',
      unitPrice: '80.00',
      transactionClass: 'Fee',
    });

    await run('2025-05-05');

    const invoices = await invoicesOf(contract.contractId);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ invoiceRunDate: '2025-05-05', totalAmount: '12820.00' });
    expect(billedLines(invoices[0])).toEqual(
      expect.arrayContaining([
        {
          contractLineId: fixedPrice,
          billingMethod: 'FixedPrice',
          amount: '12500.00',
          items: [designSignedOff],
        },
        { contractLineId: support, billingMethod: 'TimeAndMaterial', amount: '320.00', items: [hotline] },
      ]),
    );
    expect(invoices[0].lines).toHaveLength(2);
  });

  it('creates no invoice for a line whose schedule is due with nothing to bill, and counts it', async () => {
    await run('2025-06-02');
    const contract = await aContract(system().contracts);
    const line = await contract.timeAndMaterialLine({ runDates: ['2025-06-02'] });
    await contract.transaction(line, { date: '2025-06-02', quantity: '1', unitPrice: '10.00' });

    const processRun = await run('2025-06-02');

    expect(await invoicesOf(contract.contractId)).toEqual([]);
    expect(processRun.skippedNoTransactions).toBe(1);
    const entries = await system().invoicing.scheduleEntries(contract.contractId);
    expect(entries).toEqual([expect.objectContaining({ invoiceRunDate: '2025-06-02', invoiceId: null })]);
  });

  it('never invoices a line without a schedule, and counts it in every run', async () => {
    const before = await run('2025-06-09');
    const contract = await aContract(system().contracts);
    const unscheduled = await contract.timeAndMaterialLine();
    await contract.transaction(unscheduled, { date: '2025-06-01', quantity: '5', unitPrice: '100.00' });

    const first = await run('2025-06-09');
    const later = await run('2025-12-31');

    expect(await invoicesOf(contract.contractId)).toEqual([]);
    expect(first.skippedNoSchedule - before.skippedNoSchedule).toBe(1);
    expect(later.skippedNoSchedule).toBe(first.skippedNoSchedule);
    const view = await system().contracts.getContract(contract.contractId);
    expect(view.lines[0].transactions).toEqual({ unbilled: 1, billed: 0, posted: 0 });
  });

  it('bills a transaction dated on the run date not in that run but in the next', async () => {
    const contract = await aContract(system().contracts);
    const line = await contract.timeAndMaterialLine({ runDates: ['2025-07-07', '2025-07-14'] });
    const onCutOff = await contract.transaction(line, {
      date: '2025-07-06',
      quantity: '1',
      unitPrice: '10.00',
    });
    const onRunDate = await contract.transaction(line, {
      date: '2025-07-07',
      quantity: '1',
      unitPrice: '20.00',
    });

    await run('2025-07-07');
    const afterFirst = await invoicesOf(contract.contractId);
    await run('2025-07-14');
    const afterSecond = await invoicesOf(contract.contractId);

    expect(afterFirst.map(billedLines)).toEqual([[expect.objectContaining({ items: [onCutOff] })]]);
    expect(afterSecond.map((invoice) => [invoice.invoiceRunDate, billedItems([invoice])])).toEqual([
      ['2025-07-07', [onCutOff]],
      ['2025-07-14', [onRunDate]],
    ]);
  });

  it('catches up several scheduled dates missed while invoicing was down with one invoice line per line', async () => {
    let contractId = '';
    const lines: string[] = [];
    const transactions = new Map<string, string[]>();
    await system().restartInvoicing(async () => {
      const contract = await aContract(system().contracts);
      contractId = contract.contractId;
      for (const unitPrice of ['100.00', '10.00']) {
        const line = await contract.timeAndMaterialLine({
          schedule: { frequency: { period: 'Daily' }, startDate: '2025-08-04', endDate: '2025-08-08' },
        });
        lines.push(line);
        transactions.set(line, []);
        for (const date of ['2025-08-03', '2025-08-04', '2025-08-05', '2025-08-06', '2025-08-07']) {
          transactions.get(line)?.push(await contract.transaction(line, { date, quantity: '1', unitPrice }));
        }
      }
    });

    await run('2025-08-08');

    const invoices = await invoicesOf(contractId);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ invoiceRunDate: '2025-08-08', totalAmount: '550.00' });
    const expectedLines = lines.map((line, i) => ({
      contractLineId: line,
      billingMethod: 'TimeAndMaterial',
      amount: ['500.00', '50.00'][i],
      items: [...(transactions.get(line) ?? [])].sort(),
    }));
    expect(billedLines(invoices[0])).toHaveLength(2);
    expect(billedLines(invoices[0])).toEqual(expect.arrayContaining(expectedLines));
    const entries = await system().invoicing.scheduleEntries(contractId);
    expect(entries).toHaveLength(10);
    expect(entries.every((entry) => entry.status === 'RunSuccessful')).toBe(true);
  });

  it('splits billing between two customers into two invoices whose totals add up exactly', async () => {
    const contract = await aContract(system().contracts);
    const [first, second] = [randomUUID(), randomUUID()];
    await contract.customers([
      { customerId: first, billingSplitPercent: '33.33' },
      { customerId: second, billingSplitPercent: '66.67' },
    ]);
    const line = await contract.timeAndMaterialLine({ runDates: ['2025-09-01'] });
    await contract.transaction(line, { date: '2025-08-29', quantity: '1', unitPrice: '100.01' });
    await contract.transaction(line, { date: '2025-08-30', quantity: '1', unitPrice: '100.02' });

    await run('2025-09-01');

    const invoices = await invoicesOf(contract.contractId);
    expect(invoices.map((invoice) => [invoice.customerId, invoice.billingSplitPercent]).sort()).toEqual(
      [
        [first, '33.33'],
        [second, '66.67'],
      ].sort(),
    );
    expect(
      sumOf(
        'EUR',
        invoices.map((invoice) => invoice.totalAmount),
      ),
    ).toBe('200.03');
    for (const invoice of invoices) {
      expect(
        sumOf(
          'EUR',
          invoice.lines.map((invoiceLine) => invoiceLine.amount),
        ),
      ).toBe(invoice.totalAmount);
    }
    // 33.33 % of 200.03 is 66.669999, half-up 66.67; the last customer takes the remainder.
    const totals = Object.fromEntries(invoices.map((invoice) => [invoice.customerId, invoice.totalAmount]));
    expect(totals).toEqual({ [first]: '66.67', [second]: '133.36' });
  });

  it('bills transactions recorded between runs in the next run, and nothing twice', async () => {
    const contract = await aContract(system().contracts);
    const line = await contract.timeAndMaterialLine({ runDates: ['2025-10-06', '2025-10-13', '2025-10-20'] });
    const week1 = await contract.transaction(line, { date: '2025-10-01', quantity: '1', unitPrice: '10.00' });
    await run('2025-10-06');
    const week2 = await contract.transaction(line, { date: '2025-10-08', quantity: '2', unitPrice: '10.00' });
    const lateForWeek1 = await contract.transaction(line, {
      date: '2025-10-02',
      quantity: '3',
      unitPrice: '10.00',
    });
    await run('2025-10-13');
    await run('2025-10-13');
    await run('2025-10-20');

    const invoices = await invoicesOf(contract.contractId);
    expect(invoices.map((invoice) => [invoice.invoiceRunDate, [...billedItems([invoice])].sort()])).toEqual([
      ['2025-10-06', [week1]],
      ['2025-10-13', [week2, lateForWeek1].sort()],
    ]);
    const view = await system().contracts.contractWhen(
      contract.contractId,
      (contractView) => contractView.lines[0].transactions.billed === 3,
    );
    expect(view.lines[0].transactions).toEqual({ unbilled: 0, billed: 3, posted: 0 });
  });
});
