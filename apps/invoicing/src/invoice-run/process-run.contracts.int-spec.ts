import { BillingInputReader } from './billing-input.reader';
import { useReplicaPerTest } from '../../test/replica-per-test';
import {
  SeedContract,
  aSeedContract,
  aSeedTimeAndMaterialLine,
  aSeedTransaction,
  seedReadModel,
} from '../../test/read-model.seed';

const RUN_DATE = '2025-03-31';

describe('a process run, contract by contract (real PostgreSQL and Kafka)', () => {
  const sut = useReplicaPerTest();

  it('parks a contract that cannot be invoiced, fails its entries and invoices the rest', async () => {
    const broken = aSeedContract({
      currency: 'ZZZ',
      lines: [
        aSeedTimeAndMaterialLine({
          entries: [{ invoiceRunDate: '2025-03-15' }, { invoiceRunDate: '2025-03-31' }],
          transactions: [aSeedTransaction()],
        }),
      ],
    });
    const healthy: SeedContract = aSeedContract({
      lines: [
        aSeedTimeAndMaterialLine({
          entries: [{ invoiceRunDate: '2025-03-31' }],
          transactions: [aSeedTransaction()],
        }),
      ],
    });
    await seedReadModel(sut.replica.dataSource, [broken, healthy]);
    const jobId = await sut.probe.createJob();

    const run = await sut.probe.runToEnd(jobId, RUN_DATE);

    expect(run).toMatchObject({ status: 'Succeeded', invoicesCreated: 1, contractsParked: 1 });
    expect((await sut.probe.invoices()).map((i) => i.contract_id)).toEqual([healthy.contractId]);
    const parked = (await sut.replica.dataSource.query(
      'SELECT contract_id, reason FROM invoicing.parked_contracts WHERE process_run_id = $1',
      [run.processRunId],
    )) as { contract_id: string; reason: string }[];
    expect(parked).toEqual([
      { contract_id: broken.contractId, reason: expect.stringContaining('CURRENCY_NOT_ISO_4217') },
    ]);
    const entries = (await sut.replica.dataSource.query(
      'SELECT status, failure_reason FROM invoicing.schedule_entries WHERE contract_id = $1',
      [broken.contractId],
    )) as { status: string; failure_reason: string }[];
    expect(entries).toEqual([
      { status: 'RunFailed', failure_reason: parked[0].reason },
      { status: 'RunFailed', failure_reason: parked[0].reason },
    ]);

    const retried = await sut.probe.runToEnd(jobId, RUN_DATE);
    expect(retried).toMatchObject({
      status: 'Succeeded',
      invoicesCreated: 0,
      contractsParked: 1,
      progress: { total: 1 },
    });
  });

  it('retries a contract whose item was billed between reading and writing, committing the others', async () => {
    const contracts = [1, 2, 3].map(() =>
      aSeedContract({
        lines: [
          aSeedTimeAndMaterialLine({
            entries: [{ invoiceRunDate: '2025-03-31' }],
            transactions: [aSeedTransaction(), aSeedTransaction({ quantity: '1' })],
          }),
        ],
      }),
    );
    await seedReadModel(sut.replica.dataSource, contracts);
    const stolen = contracts[1].lines[0].transactions[0].transactionId;
    const reader = sut.replica.app.get(BillingInputReader, { strict: false });
    const load = reader.load.bind(reader);
    let first = true;
    jest.spyOn(reader, 'load').mockImplementation(async (ids, runner) => {
      const inputs = await load(ids, runner);
      if (first) {
        first = false;
        // Billed by someone else after the run read it: the run's batch write must not bill it again.
        await sut.replica.dataSource.query(
          `UPDATE invoicing.transactions SET invoice_id = gen_random_uuid() WHERE transaction_id = $1`,
          [stolen],
        );
      }
      return inputs;
    });

    const run = await sut.probe.runToEnd(await sut.probe.createJob(), RUN_DATE);

    expect(run).toMatchObject({ status: 'Succeeded', invoicesCreated: 3, contractsParked: 0 });
    const invoices = await sut.probe.invoices();
    expect(invoices.map((i) => [i.contract_id, i.total_amount]).sort()).toEqual(
      [
        [contracts[0].contractId, '900.00'],
        [contracts[1].contractId, '100.00'],
        [contracts[2].contractId, '900.00'],
      ].sort(),
    );
    await sut.probe.assertNumbersGapless();
    expect(await sut.probe.storedEvents('invoice')).toHaveLength(3);
  });

  it('holds back transactions above a not-to-exceed ceiling and reports them', async () => {
    const capped = aSeedContract({
      lines: [
        aSeedTimeAndMaterialLine({
          notToExceed: '1000.00',
          entries: [{ invoiceRunDate: '2025-03-31' }],
          transactions: [
            aSeedTransaction({ transactionDate: '2025-03-01' }),
            aSeedTransaction({ transactionDate: '2025-03-02' }),
          ],
        }),
      ],
    });
    await seedReadModel(sut.replica.dataSource, [capped]);
    const run = await sut.probe.runToEnd(await sut.probe.createJob(), RUN_DATE);
    expect(run).toMatchObject({ invoicesCreated: 1, heldBackByNotToExceed: 1 });
    expect((await sut.probe.invoices()).map((i) => i.total_amount)).toEqual(['800.00']);
  });
});
