import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  InvoiceCreated,
  InvoiceDetailsAdded,
  InvoiceDocument,
  invoiceFromCreated,
  MAX_INVOICE_DATA_BYTES,
  withInvoiceDetails,
} from '@app/event-contracts';
import { EventStore, runInTransaction } from '@app/event-store';
import { DataSource } from 'typeorm';
import { BillingInputReader } from './billing-input.reader';
import { AlreadyBilledError, InvoiceGroupToRecord, recordInvoiceGroup, recordInvoices } from '../invoice';
import { InvoicingDatabase, openInvoicingDatabase } from '../../test/invoicing-database';
import { toInvoiceDocument } from '../invoice/domain';
import { proposeInvoices } from './domain';
import { workOf } from './proposal-groups';
import {
  SeedContract,
  aSeedContract,
  aSeedFixedPriceLine,
  aSeedMilestone,
  aSeedTimeAndMaterialLine,
  aSeedTransaction,
  seedReadModel,
} from '../../test/read-model.seed';

const RUN_DATE = '2025-03-31';
const AT = new Date('2025-03-31T06:00:00.000Z');

/** A split contract billing transactions over two entries and a milestone: every kind of mark. */
function aSplitContract(): SeedContract {
  return aSeedContract({
    customers: [
      { customerId: 'customer-a', billingSplitPercent: '70' },
      { customerId: 'customer-b', billingSplitPercent: '30' },
    ],
    lines: [
      aSeedTimeAndMaterialLine({
        entries: [{ invoiceRunDate: '2025-03-15' }, { invoiceRunDate: '2025-03-31' }],
        transactions: [
          aSeedTransaction({ transactionDate: '2025-03-02' }),
          aSeedTransaction({ transactionDate: '2025-03-20' }),
        ],
      }),
      aSeedFixedPriceLine({ milestones: [aSeedMilestone({ milestoneDate: '2025-03-31' })] }),
    ],
  });
}

describe('writing invoice groups in bulk (real PostgreSQL)', () => {
  let db: InvoicingDatabase;
  let dataSource: DataSource;
  let store: EventStore;
  let reader: BillingInputReader;
  let number = 0;

  beforeAll(async () => {
    db = await openInvoicingDatabase();
    dataSource = db.dataSource;
    store = new EventStore(dataSource, { schema: 'invoicing', clock: () => AT });
    reader = new BillingInputReader(dataSource);
  });

  afterAll(async () => {
    await db?.close();
  });

  /** The contract's groups as a run would write them, numbered and identified. */
  async function groupsOf(contract: SeedContract, processRunId: string): Promise<InvoiceGroupToRecord[]> {
    const [input] = await reader.load([contract.contractId]);
    return workOf(proposeInvoices(input, RUN_DATE)).groups.map((group) => ({
      ...group,
      invoices: group.invoices.map((proposal) =>
        toInvoiceDocument(proposal, {
          invoiceId: randomUUID(),
          invoiceNumber: `TEST-${++number}`,
          processRunId,
        }),
      ),
    }));
  }

  /** Everything written for a contract, with ids replaced by their roles so two contracts compare. */
  async function footprint(contract: SeedContract, groups: InvoiceGroupToRecord[]) {
    const role = new Map<string, string>(
      groups.flatMap((g, gi) =>
        g.invoices.map((inv, ii): [string, string] => [inv.invoiceId, `group${gi}.invoice${ii}`]),
      ),
    );
    const byId = new Map(groups.flatMap((g) => g.invoices.map((inv) => [inv.invoiceId, inv])));
    const name = (id: string | null) => (id === null ? null : (role.get(id) ?? 'unknown'));
    const invoices = (await dataSource.query(
      `SELECT invoice_id, customer_id, currency, billing_split_percent::text AS split, to_char(invoice_run_date, 'YYYY-MM-DD') AS run_date,
         corrects_invoice_id, status, total_amount::text AS total, created_at, updated_at, document
       FROM invoicing.invoices WHERE contract_id = $1 ORDER BY invoice_number`,
      [contract.contractId],
    )) as Record<string, unknown>[];
    const marks = (await dataSource.query(
      `SELECT 'transaction' AS kind, invoice_id, NULL AS status FROM invoicing.transactions WHERE contract_id = $1
       UNION ALL SELECT 'milestone', invoice_id, status FROM invoicing.milestones WHERE contract_id = $1
       UNION ALL SELECT 'entry ' || to_char(invoice_run_date, 'MM-DD'), invoice_id, status
         FROM invoicing.schedule_entries WHERE contract_id = $1
       ORDER BY 1`,
      [contract.contractId],
    )) as { kind: string; invoice_id: string | null; status: string | null }[];
    const events = (await dataSource.query(
      `SELECT e.stream_id, e.stream_type, e.stream_version, e.event_type, e.metadata, e.occurred_at
       FROM invoicing.events AS e JOIN invoicing.invoices AS i ON i.invoice_id::text = e.stream_id
       WHERE i.contract_id = $1 ORDER BY i.invoice_number`,
      [contract.contractId],
    )) as Record<string, unknown>[];
    return {
      invoices: invoices.map(({ invoice_id, document, ...row }) => ({
        ...row,
        invoice: name(invoice_id as string),
        documentIsTheEvent: isDeepStrictEqual(
          document,
          JSON.parse(JSON.stringify(byId.get(invoice_id as string))),
        ),
      })),
      marks: marks.map((m) => ({ ...m, invoice_id: name(m.invoice_id) })),
      events: events.map(({ stream_id, ...event }) => ({ ...event, stream: name(stream_id as string) })),
    };
  }

  it('writes the same rows, marks and events for groups recorded together as one at a time', async () => {
    const one = aSplitContract();
    const other = aSplitContract();
    await seedReadModel(dataSource, [one, other]);
    const processRunId = randomUUID();
    const groupByGroup = await groupsOf(one, processRunId);
    const inBulk = await groupsOf(other, processRunId);
    const options = { at: AT, metadata: { correlationId: processRunId, causationId: processRunId } };

    await runInTransaction(dataSource, async (runner) => {
      for (const group of groupByGroup)
        await recordInvoiceGroup(runner, store, group.invoices, group, options);
    });
    await runInTransaction(dataSource, (runner) => recordInvoices(runner, store, inBulk, options));

    const expected = await footprint(one, groupByGroup);
    expect(expected.invoices).toHaveLength(2);
    expect(expected.invoices.every((i) => i.documentIsTheEvent)).toBe(true);
    expect(expected.marks.every((m) => m.invoice_id === 'group0.invoice0')).toBe(true);
    expect(await footprint(other, inBulk)).toEqual(expected);
  });

  /** A contract whose one invoice has far more details than one record holds. */
  function aBusyContract(): SeedContract {
    const transactions = Array.from({ length: 12_000 }, () =>
      aSeedTransaction({ transactionDate: '2025-03-02' }),
    );
    return aSeedContract({
      customers: [{ customerId: 'customer-a', billingSplitPercent: '100' }],
      lines: [aSeedTimeAndMaterialLine({ entries: [{ invoiceRunDate: RUN_DATE }], transactions })],
    });
  }

  /** The invoice's stored events, each with its size as published (compact JSON), and the invoice they fold into. */
  async function storedInvoice(invoiceId: string) {
    const events = (await dataSource.query(
      `SELECT event_type, stream_version, data FROM invoicing.events WHERE stream_id = $1 ORDER BY stream_version`,
      [invoiceId],
    )) as { event_type: string; stream_version: number; data: unknown }[];
    const [created, ...parts] = events;
    const folded = parts.reduce(
      (invoice, part) => withInvoiceDetails(invoice, part.data as InvoiceDetailsAdded),
      invoiceFromCreated(created.data as InvoiceCreated),
    );
    return { events, folded };
  }

  it('stores an invoice too large for one record as InvoiceCreated and its parts, one group at a time or together', async () => {
    const one = aBusyContract();
    const other = aBusyContract();
    await seedReadModel(dataSource, [one, other]);
    const processRunId = randomUUID();
    const groupByGroup = await groupsOf(one, processRunId);
    const inBulk = await groupsOf(other, processRunId);
    const options = { at: AT, metadata: { correlationId: processRunId, causationId: processRunId } };

    await runInTransaction(dataSource, (runner) =>
      recordInvoiceGroup(runner, store, groupByGroup[0].invoices, groupByGroup[0], options),
    );
    await runInTransaction(dataSource, (runner) => recordInvoices(runner, store, inBulk, options));

    for (const [invoice] of [groupByGroup[0].invoices, inBulk[0].invoices] as InvoiceDocument[][]) {
      const { events, folded } = await storedInvoice(invoice.invoiceId);
      expect(events.length).toBeGreaterThan(2);
      expect(events.map((e) => [e.event_type, e.stream_version])).toEqual(
        events.map((_, i) => [i === 0 ? 'InvoiceCreated' : 'InvoiceDetailsAdded', i + 1]),
      );
      const bytes = events.map((e) => Buffer.byteLength(JSON.stringify(e.data), 'utf8'));
      expect(Math.max(...bytes)).toBeLessThanOrEqual(MAX_INVOICE_DATA_BYTES);
      expect(folded.lines[0].details).toHaveLength(12_000);
      expect(folded).toEqual(JSON.parse(JSON.stringify(invoice)));
    }
    expect(await footprint(other, inBulk)).toEqual(await footprint(one, groupByGroup));
  });

  it('refuses groups of which any item is billed already, writing nothing', async () => {
    const contract = aSplitContract();
    await seedReadModel(dataSource, [contract]);
    const groups = await groupsOf(contract, randomUUID());
    await dataSource.query(
      `UPDATE invoicing.transactions SET invoice_id = gen_random_uuid() WHERE transaction_id = $1`,
      [contract.lines[0].transactions[1].transactionId],
    );

    await expect(
      runInTransaction(dataSource, (runner) =>
        recordInvoices(runner, store, groups, { at: AT, metadata: {} }),
      ),
    ).rejects.toBeInstanceOf(AlreadyBilledError);
    const [{ count }] = (await dataSource.query(
      `SELECT count(*)::int AS count FROM invoicing.invoices WHERE contract_id = $1`,
      [contract.contractId],
    )) as { count: number }[];
    expect(count).toBe(0);
  });
});
