import { randomUUID } from 'node:crypto';
import { ContractEvent, InvoiceCreated } from '@app/event-contracts';
import { runInTransaction } from '@app/event-store';
import { openServiceDataSource } from '@app/platform';
import { aContract, contractEventEnvelopes, createTestDatabase, TestDatabase } from '@app/testing';
import { anInvoiceCreated } from '../../test/billing.builders';
import { DataSource } from 'typeorm';
import { INVOICING_MIGRATIONS } from '../migrations';
import { BillingInputReader } from './billing-input.reader';
import { projectEvents } from '../../test/project-events';

describe('BillingInputReader (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let sut: BillingInputReader;

  // A: due by a schedule entry and a ready milestone; a T&M line without schedule.
  const a = aContract({ currency: 'EUR' });
  const capped = a.timeAndMaterialLine({ notToExceed: '1000.00', includedTransactionClasses: ['Time'] });
  const fixed = a.fixedPriceLine();
  const unscheduled = a.timeAndMaterialLine();
  const early = capped.transaction({ transactionDate: '2025-01-10', quantity: '8', unitPrice: '100' });
  const late = capped.transaction({
    transactionDate: '2025-02-10',
    quantity: '1.5',
    unitPrice: '80',
    resourceRole: 'Tester',
  });
  const readyMilestone = fixed.milestone({ milestoneDate: '2025-02-15', amount: '1200.00' });
  const laterMilestone = fixed.milestone({ milestoneDate: '2025-03-15', amount: '300.00' });
  // B: due by a ready milestone only. C: due from June. D: nothing scheduled. E: everything has run.
  const b = aContract();
  const bLine = b.fixedPriceLine();
  const bMilestone = bLine.milestone({ milestoneDate: '2025-02-20' });
  const c = aContract();
  const cLine = c.timeAndMaterialLine();
  const d = aContract();
  const e = aContract();
  const eLine = e.timeAndMaterialLine();
  const entry = (invoiceRunDate: string, transactionCutoffDate: string) => ({
    invoiceRunDate,
    transactionCutoffDate,
  });

  const histories: ContractEvent[][] = [
    [
      a.created(),
      a.customersSet([
        { customerId: 'first', billingSplitPercent: '60' },
        { customerId: 'second', billingSplitPercent: '40' },
      ]),
      capped.added(),
      fixed.added(),
      unscheduled.added(),
      capped.scheduleSet([entry('2025-02-01', '2025-01-31'), entry('2025-03-01', '2025-02-28')]),
      readyMilestone.added(),
      readyMilestone.readyForInvoicing(),
      laterMilestone.added(),
      late.recorded(),
      early.recorded(),
    ],
    [b.created(), bLine.added(), bMilestone.added(), bMilestone.readyForInvoicing()],
    [c.created(), cLine.added(), cLine.scheduleSet([entry('2025-06-01', '2025-05-31')])],
    [d.created(), d.timeAndMaterialLine().added(), d.fixedPriceLine().added()],
    [e.created(), eLine.added(), eLine.scheduleSet([entry('2025-01-01', '2024-12-31')])],
  ];

  beforeAll(async () => {
    database = await createTestDatabase('billing_input_reader');
    dataSource = await openServiceDataSource({ url: database.url, poolSize: 4 }, 'billing-input-test', {
      schema: 'invoicing',
      migrations: INVOICING_MIGRATIONS,
    });
    const refused = await projectEvents(
      dataSource,
      histories.flatMap((events) => contractEventEnvelopes(events)),
    );
    expect(refused).toEqual([]);
    await dataSource.query(
      `UPDATE invoicing.schedule_entries SET status = 'RunSuccessful' WHERE contract_id = $1`,
      [e.contractId],
    );
    sut = new BillingInputReader(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function insertInvoice(invoice: InvoiceCreated, status: 'Draft' | 'Confirmed' | 'Cancelled') {
    await dataSource.query(
      `INSERT INTO invoicing.invoices (invoice_id, invoice_number, contract_id, customer_id, currency,
         billing_split_percent, invoice_run_date, process_run_id, corrects_invoice_id, status, total_amount,
         document, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'EUR', $5, $6, NULL, $7, $8, $9, $10, now(), now())`,
      [
        invoice.invoiceId,
        invoice.invoiceNumber,
        invoice.contractId,
        invoice.customerId,
        invoice.billingSplitPercent,
        invoice.invoiceRunDate,
        invoice.correctsInvoiceId,
        status,
        invoice.totalAmount,
        JSON.stringify(invoice),
      ],
    );
  }

  /** An invoice of contract A billing `amount` on the capped line. */
  function anInvoiceOfA(amount: string, overrides: Partial<InvoiceCreated> = {}): InvoiceCreated {
    const base = anInvoiceCreated({
      contractId: a.contractId,
      invoiceNumber: `INV-${randomUUID().slice(0, 8)}`,
    });
    return {
      ...base,
      totalAmount: amount,
      lines: [{ ...base.lines[0], contractLineId: capped.contractLineId, amount }],
      ...overrides,
    };
  }

  it('loads a contract with its customers, lines in the order they were added, entries, milestones and unbilled transactions', async () => {
    const [input] = await sut.load([a.contractId]);
    expect(input).toEqual({
      contractId: a.contractId,
      currency: 'EUR',
      customers: [
        { customerId: 'first', billingSplitPercent: '60' },
        { customerId: 'second', billingSplitPercent: '40' },
      ],
      lines: [
        {
          contractLineId: capped.contractLineId,
          name: capped.data.name,
          billingMethod: 'TimeAndMaterial',
          includedTransactionClasses: ['Time'],
          notToExceed: '1000.00',
          invoicedTotal: '0',
          scheduleEntries: [
            { ...entry('2025-02-01', '2025-01-31'), status: 'NotRun' },
            { ...entry('2025-03-01', '2025-02-28'), status: 'NotRun' },
          ],
          milestones: [],
          unbilledTransactions: [
            {
              transactionId: early.transactionId,
              transactionClass: 'Time',
              transactionDate: '2025-01-10',
              quantity: '8',
              unitPrice: '100',
              amount: '800.00',
              description: null,
              resourceRole: null,
            },
            expect.objectContaining({
              transactionId: late.transactionId,
              amount: '120.00',
              resourceRole: 'Tester',
            }),
          ],
        },
        expect.objectContaining({
          contractLineId: fixed.contractLineId,
          billingMethod: 'FixedPrice',
          milestones: [
            {
              milestoneId: readyMilestone.milestoneId,
              name: readyMilestone.data.name,
              milestoneDate: '2025-02-15',
              amount: '1200.00',
              status: 'ReadyForInvoicing',
            },
            expect.objectContaining({
              milestoneId: laterMilestone.milestoneId,
              status: 'NotReadyForInvoicing',
            }),
          ],
        }),
        expect.objectContaining({
          contractLineId: unscheduled.contractLineId,
          scheduleEntries: [],
          milestones: [],
        }),
      ],
    });
  });

  it('keeps the order of the ids asked for and leaves out contracts it does not know', async () => {
    const inputs = await sut.load([c.contractId, randomUUID(), b.contractId]);
    expect(inputs.map((input) => input.contractId)).toEqual([c.contractId, b.contractId]);
  });

  it('bills the creating customer in full when a contract never set customers', async () => {
    const [input] = await sut.load([b.contractId]);
    expect(input.customers).toEqual([{ customerId: b.data.customerId, billingSplitPercent: '100' }]);
  });

  it('reads inside the caller transaction when given one, seeing its uncommitted billed marks', async () => {
    await runInTransaction(dataSource, async (runner) => {
      await runner.query('UPDATE invoicing.transactions SET invoice_id = $1 WHERE transaction_id = $2', [
        randomUUID(),
        late.transactionId,
      ]);
      const [input] = await sut.load([a.contractId], runner);
      expect(input.lines[0].unbilledTransactions.map((t) => t.transactionId)).toEqual([early.transactionId]);
      await runner.query('UPDATE invoicing.transactions SET invoice_id = NULL WHERE transaction_id = $1', [
        late.transactionId,
      ]);
    });
  });

  describe('due contracts', () => {
    it('are the contracts with an entry not run successfully or a ready milestone on or before the run date, by id', async () => {
      expect(await sut.dueContractIds('2025-03-01', null, 10)).toEqual([a.contractId, b.contractId].sort());
      expect(await sut.dueContractIds('2025-06-01', null, 10)).toEqual(
        [a.contractId, b.contractId, c.contractId].sort(),
      );
    });

    it('come a page at a time after the last contract id of the page before', async () => {
      const all = await sut.dueContractIds('2025-06-01', null, 10);
      const pages: string[][] = [];
      for (let after: string | null = null; ;) {
        const page = await sut.dueContractIds('2025-06-01', after, 2);
        if (page.length === 0) break;
        pages.push(page);
        after = page[page.length - 1];
      }
      expect(pages).toEqual([all.slice(0, 2), all.slice(2)]);
    });

    it('are counted', async () => {
      expect(await sut.countDueContracts('2025-01-31')).toBe(0);
      expect(await sut.countDueContracts('2025-03-01')).toBe(2);
    });
  });

  describe('lines without a schedule', () => {
    it('are counted over every contract', async () => {
      expect(await sut.countLinesWithoutSchedule(null)).toBe(3);
    });

    it('are counted over the contracts not due, given a run date (a due contract counts its own)', async () => {
      expect(await sut.countLinesWithoutSchedule('2025-03-01')).toBe(2);
    });
  });

  describe('once invoices exist', () => {
    beforeAll(async () => {
      // The split invoices of one run (60 % and 40 %), a cancelled one, and a credit of part of it.
      const first = anInvoiceOfA('480.00', { billingSplitPercent: '60' });
      await insertInvoice(first, 'Confirmed');
      await insertInvoice(anInvoiceOfA('320.00', { billingSplitPercent: '40' }), 'Draft');
      await insertInvoice(anInvoiceOfA('5000.00'), 'Cancelled');
      await insertInvoice(anInvoiceOfA('-480.00', { correctsInvoiceId: first.invoiceId }), 'Draft');
      await dataSource.query('UPDATE invoicing.transactions SET invoice_id = $1 WHERE transaction_id = $2', [
        first.invoiceId,
        early.transactionId,
      ]);
    });

    it('gives a capped line what invoices that stand have billed on it, all customers and credits together', async () => {
      const [input] = await sut.load([a.contractId]);
      expect(input.lines[0].invoicedTotal).toBe('320.00');
    });

    it('no longer lists a billed transaction as unbilled', async () => {
      const [input] = await sut.load([a.contractId]);
      expect(input.lines[0].unbilledTransactions.map((t) => t.transactionId)).toEqual([late.transactionId]);
    });
  });
});
