import { ContractEvent } from '@app/event-contracts';
import { aContract, aContractEventEnvelope, contractEventEnvelopes, waitFor } from '@app/testing';
import { heldEventCount, readModelSnapshot, waitForVersion } from '../../test/projection-test-kit';
import { ProjectionHarness, startProjectionHarness } from '../../test/projection-harness';

describe('contract projection (real PostgreSQL and Kafka)', () => {
  let sut: ProjectionHarness;

  beforeAll(async () => {
    sut = await startProjectionHarness();
  });

  afterAll(async () => {
    await sut?.close();
  });

  /** A contract with a T&M line (schedule, two transactions) and an FP line (one milestone, ready). */
  function aContractHistory() {
    const contract = aContract({ currency: 'EUR' });
    const consulting = contract.timeAndMaterialLine({
      notToExceed: '10000.00',
      includedTransactionClasses: ['Time'],
    });
    const build = contract.fixedPriceLine();
    const milestone = build.milestone({ milestoneDate: '2025-03-31', amount: '2500.00' });
    const transactions = [
      consulting.transaction({ quantity: '7.5', unitPrice: '120', transactionDate: '2025-03-03' }),
      consulting.transaction({
        quantity: '2',
        unitPrice: '99.99',
        description: 'Review',
        resourceRole: 'Architect',
      }),
    ];
    const events: ContractEvent[] = [
      contract.created(),
      contract.customersSet([
        { customerId: 'customer-a', billingSplitPercent: '70' },
        { customerId: 'customer-b', billingSplitPercent: '30' },
      ]),
      consulting.added(),
      build.added(),
      consulting.scheduleSet([
        { invoiceRunDate: '2025-04-01', transactionCutoffDate: '2025-03-31' },
        { invoiceRunDate: '2025-05-01', transactionCutoffDate: '2025-04-30' },
      ]),
      milestone.added(),
      milestone.readyForInvoicing(),
      ...transactions.map((t) => t.recorded()),
    ];
    return {
      contract,
      consulting,
      build,
      milestone,
      transactions,
      envelopes: contractEventEnvelopes(events),
    };
  }

  async function rowsOf(sql: string, parameters: unknown[]): Promise<Record<string, unknown>[]> {
    return (await sut.dataSource.query(sql, parameters)) as Record<string, unknown>[];
  }

  it('projects contract events published by a plain producer into the read model', async () => {
    const { contract, consulting, build, milestone, transactions, envelopes } = aContractHistory();
    await sut.publisher.publish(envelopes);
    await waitForVersion(sut.dataSource, contract.contractId, envelopes.length);

    const id = [contract.contractId];
    expect(
      await rowsOf(
        'SELECT customers, currency FROM invoicing.projected_contracts WHERE contract_id = $1',
        id,
      ),
    ).toEqual([
      {
        currency: 'EUR',
        customers: [
          { customerId: 'customer-a', billingSplitPercent: '70' },
          { customerId: 'customer-b', billingSplitPercent: '30' },
        ],
      },
    ]);
    expect(
      await rowsOf(
        `SELECT contract_line_id, line_order, included_transaction_classes, not_to_exceed::text
         FROM invoicing.projected_lines WHERE contract_id = $1 ORDER BY line_order`,
        id,
      ),
    ).toEqual([
      {
        contract_line_id: consulting.contractLineId,
        line_order: 1,
        included_transaction_classes: ['Time'],
        not_to_exceed: '10000.00',
      },
      {
        contract_line_id: build.contractLineId,
        line_order: 2,
        included_transaction_classes: expect.any(Array),
        not_to_exceed: null,
      },
    ]);
    expect(
      await rowsOf(
        `SELECT invoice_run_date::text, transaction_cutoff_date::text, status FROM invoicing.schedule_entries
         WHERE contract_id = $1 ORDER BY invoice_run_date`,
        id,
      ),
    ).toEqual([
      { invoice_run_date: '2025-04-01', transaction_cutoff_date: '2025-03-31', status: 'NotRun' },
      { invoice_run_date: '2025-05-01', transaction_cutoff_date: '2025-04-30', status: 'NotRun' },
    ]);
    expect(
      await rowsOf(
        'SELECT milestone_id, amount::text, status FROM invoicing.milestones WHERE contract_id = $1',
        id,
      ),
    ).toEqual([{ milestone_id: milestone.milestoneId, amount: '2500.00', status: 'ReadyForInvoicing' }]);
    expect(
      await rowsOf(
        `SELECT transaction_id, quantity::text, unit_price::text, amount::text, description, resource_role, invoice_id
         FROM invoicing.transactions WHERE contract_id = $1 ORDER BY transaction_date`,
        id,
      ),
    ).toEqual([
      expect.objectContaining({
        transaction_id: transactions[0].transactionId,
        quantity: '7.5',
        unit_price: '120',
        amount: '900.00',
      }),
      expect.objectContaining({
        amount: '199.98',
        description: 'Review',
        resource_role: 'Architect',
        invoice_id: null,
      }),
    ]);
  });

  it('changes nothing when events are delivered again or replayed', async () => {
    const { contract, envelopes } = aContractHistory();
    await sut.publisher.publish(envelopes);
    await waitForVersion(sut.dataSource, contract.contractId, envelopes.length);
    const before = await readModelSnapshot(sut.dataSource);

    const marker = aContract();
    await sut.publisher.publish([
      ...envelopes,
      ...envelopes.slice(2, 5),
      ...contractEventEnvelopes([marker.created()]),
    ]);
    await waitForVersion(sut.dataSource, marker.contractId, 1);

    const after = await readModelSnapshot(sut.dataSource);
    expect({
      ...after,
      contracts: after.contracts.filter(
        (c) => (c as { contract_id: string }).contract_id !== marker.contractId,
      ),
    }).toEqual(before);
  });

  it('holds events that come after a gap and applies them once the missing one arrives', async () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    const [first, second] = [line.transaction(), line.transaction()];
    const envelopes = contractEventEnvelopes([
      contract.created(),
      line.added(),
      first.recorded(),
      second.recorded(),
    ]);
    const heldBefore = await heldEventCount(sut.dataSource);

    await sut.publisher.publish([envelopes[0], envelopes[2], envelopes[3]]);
    await waitFor(async () => (await heldEventCount(sut.dataSource)) === heldBefore + 2, {
      timeoutMs: 30_000,
    });
    await waitForVersion(sut.dataSource, contract.contractId, 1);

    await sut.publisher.publish([envelopes[1]]);
    await waitForVersion(sut.dataSource, contract.contractId, 4);
    expect(await heldEventCount(sut.dataSource)).toBe(heldBefore);
    const projected = await rowsOf(
      'SELECT transaction_id FROM invoicing.transactions WHERE contract_id = $1 ORDER BY 1',
      [contract.contractId],
    );
    expect(projected.map((r) => r.transaction_id)).toEqual(
      [first.transactionId, second.transactionId].sort(),
    );
  });

  it('a later schedule replaces the entries that have not run and never touches one that has', async () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    const entry = (invoiceRunDate: string, transactionCutoffDate: string) => ({
      invoiceRunDate,
      transactionCutoffDate,
    });
    const first = line.scheduleSet([
      entry('2025-01-01', '2024-12-31'),
      entry('2025-02-01', '2025-01-31'),
      entry('2025-03-01', '2025-02-28'),
    ]);
    await sut.publisher.publish(contractEventEnvelopes([contract.created(), line.added(), first]));
    await waitForVersion(sut.dataSource, contract.contractId, 3);
    await sut.dataSource.query(
      `UPDATE invoicing.schedule_entries SET status = CASE invoice_run_date WHEN '2025-01-01' THEN 'RunSuccessful' ELSE 'RunFailed' END,
         failure_reason = 'parked' WHERE contract_line_id = $1 AND invoice_run_date < '2025-03-01'`,
      [line.contractLineId],
    );

    const second = line.scheduleSet([
      entry('2025-01-01', '2024-12-15'),
      entry('2025-02-01', '2025-01-20'),
      entry('2025-04-01', '2025-03-31'),
    ]);
    await sut.publisher.publish([aContractEventEnvelope(second, 4)]);
    await waitForVersion(sut.dataSource, contract.contractId, 4);

    expect(
      await rowsOf(
        `SELECT invoice_run_date::text AS run, transaction_cutoff_date::text AS cutoff, status, failure_reason
         FROM invoicing.schedule_entries WHERE contract_line_id = $1 ORDER BY invoice_run_date`,
        [line.contractLineId],
      ),
    ).toEqual([
      { run: '2025-01-01', cutoff: '2024-12-31', status: 'RunSuccessful', failure_reason: 'parked' },
      { run: '2025-02-01', cutoff: '2025-01-20', status: 'RunFailed', failure_reason: 'parked' },
      { run: '2025-04-01', cutoff: '2025-03-31', status: 'NotRun', failure_reason: null },
    ]);
  });

  it('does not make an invoiced milestone ready for invoicing again', async () => {
    const contract = aContract();
    const line = contract.fixedPriceLine();
    const milestone = line.milestone();
    await sut.publisher.publish(
      contractEventEnvelopes([contract.created(), line.added(), milestone.added()]),
    );
    await waitForVersion(sut.dataSource, contract.contractId, 3);
    await sut.dataSource.query(
      `UPDATE invoicing.milestones SET status = 'InvoiceCreated' WHERE milestone_id = $1`,
      [milestone.milestoneId],
    );

    await sut.publisher.publish([aContractEventEnvelope(milestone.readyForInvoicing(), 4)]);
    await waitForVersion(sut.dataSource, contract.contractId, 4);

    const [row] = await rowsOf('SELECT status FROM invoicing.milestones WHERE milestone_id = $1', [
      milestone.milestoneId,
    ]);
    expect(row.status).toBe('InvoiceCreated');
  });
});
