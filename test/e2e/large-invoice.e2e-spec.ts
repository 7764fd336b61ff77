import { randomUUID } from 'crypto';
import { aContract, readRawInvoiceRecords, rebuildInvoices, useE2eSystem, useOnDemandRuns } from '../support';

const TRANSACTIONS = 100_000;
const PER_BATCH = 1_000;
const BROKER_RECORD_LIMIT = 1_000_000;
const RUN_DATE = '2026-03-02';

/** Quantities 1..8 at 10.00: each transaction's amount is known, and so is the invoice total. */
const quantityOf = (i: number) => (i % 8) + 1;

/**
 * docs/product.md 4.2 "Bounded records": a busy month on one time-and-material line (100,000 transactions)
 * is one invoice far larger than a Kafka record may be. It is published all the same, as
 * `InvoiceCreated` and `InvoiceDetailsAdded` parts none of which exceeds 1,000,000 bytes, and an
 * ERP reading only the topic rebuilds it whole.
 */
describe('an invoice larger than one Kafka record', () => {
  const system = useE2eSystem('e2e_large_invoice');
  const run = useOnDemandRuns(system);

  it('is published in parts of at most 1,000,000 bytes from which an ERP rebuilds every detail and total', async () => {
    const contract = await aContract(system().contracts);
    const line = await contract.timeAndMaterialLine({ runDates: [RUN_DATE] });
    const transactionIds: string[] = [];
    for (let first = 0; first < TRANSACTIONS; first += PER_BATCH) {
      const batch = Array.from({ length: PER_BATCH }, (_, k) => {
        const transactionId = randomUUID();
        transactionIds.push(transactionId);
        return {
          contractLineId: line,
          transactionId,
          transactionClass: 'Time' as const,
          transactionDate: '2026-02-10',
          quantity: String(quantityOf(first + k)),
          unitPrice: '10.00',
        };
      });
      await system().contracts.recordTransactions(contract.contractId, batch);
    }
    const written = system().contracts.eventsWritten;
    await system().waitFor(
      async () =>
        (await system().invoicing.metric('invoicing_projection_events_total', { outcome: 'applied' })) >=
        written,
      { timeoutMs: 180_000, intervalMs: 500, description: 'the projection to apply every transaction' },
    );

    const processRun = await run(RUN_DATE);
    const [served] = await system().invoicing.invoicesOf(contract.contractId);
    const records = await readRawInvoiceRecords(
      system().kafka,
      system().topics.invoices,
      (read) => rebuildInvoices(read).get(served.invoiceId)?.complete === true,
      120_000,
    );

    expect(processRun).toMatchObject({ status: 'Succeeded', invoicesCreated: 1 });
    const expectedTotal = `${(Array.from({ length: TRANSACTIONS }, (_, i) => quantityOf(i)).reduce((a, b) => a + b, 0) * 10).toFixed(0)}.00`;
    expect(served.totalAmount).toBe(expectedTotal);
    const ofInvoice = records.filter((record) => record.envelope.streamId === served.invoiceId);
    expect(ofInvoice.length).toBeGreaterThan(2);
    expect(ofInvoice.every((record) => record.key === contract.contractId)).toBe(true);
    expect(Math.max(...records.map((record) => record.valueBytes))).toBeLessThanOrEqual(BROKER_RECORD_LIMIT);

    const rebuilt = rebuildInvoices(records).get(served.invoiceId)!;
    expect(rebuilt.detailParts).toBe(ofInvoice.length - 1);
    const [rebuiltLine] = rebuilt.invoice.lines;
    expect(rebuilt.invoice.lines).toHaveLength(1);
    expect(rebuiltLine.details).toHaveLength(TRANSACTIONS);
    expect(new Set(rebuiltLine.details.map((detail) => detail.id))).toEqual(new Set(transactionIds));
    const cents = rebuiltLine.details.reduce((sum, d) => sum + Math.round(Number(d.amount) * 100), 0);
    expect(`${(cents / 100).toFixed(2)}`).toBe(expectedTotal);
    expect(rebuiltLine.amount).toBe(expectedTotal);
    const {
      status: _status,
      createdAt: _createdAt,
      ...asServed
    } = served as typeof served & {
      updatedAt: string;
    };
    const { updatedAt: _updatedAt, ...servedDocument } = asServed as typeof asServed & { updatedAt?: string };
    expect(rebuilt.invoice).toEqual({ ...servedDocument, status: 'Draft' });

    const contractView = await system().waitFor(
      async () => {
        const view = await system().contracts.getContract(contract.contractId);
        const counts = view.lines.find((l) => l.contractLineId === line)?.transactions;
        return counts?.billed === TRANSACTIONS ? counts : undefined;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 500,
        description: 'the contract view to see every transaction billed',
      },
    );
    expect(contractView).toEqual({ unbilled: 0, billed: TRANSACTIONS, posted: 0 });
  }, 600_000);
});
