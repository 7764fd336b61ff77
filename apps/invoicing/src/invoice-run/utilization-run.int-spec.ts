import { Replica, ReplicaSet } from '../../test/process-run-apps';
import { ProcessRunProbe } from '../../test/process-run.probe';
import {
  aSeedContract,
  aSeedTimeAndMaterialLine,
  aSeedTransaction,
  seedReadModel,
} from '../../test/read-model.seed';

describe('the UpdateRoleUtilization workflow (real PostgreSQL)', () => {
  let replicas: ReplicaSet;
  let replica: Replica;
  let probe: ProcessRunProbe;

  beforeAll(async () => {
    replicas = await ReplicaSet.create();
    replica = await replicas.start({ processRun: { schedulerEnabled: false } });
    probe = new ProcessRunProbe(replica);
  });

  afterAll(async () => {
    await replicas?.close();
  });

  it('recomputes utilization for the seven days before the run date, and creates no invoice', async () => {
    const line = aSeedTimeAndMaterialLine({
      entries: [{ invoiceRunDate: '2025-03-08' }],
      transactions: [
        aSeedTransaction({ transactionDate: '2025-03-03', quantity: '6', resourceRole: 'Developer' }),
        aSeedTransaction({ transactionDate: '2025-03-03', quantity: '2', resourceRole: 'Developer' }),
        aSeedTransaction({ transactionDate: '2025-03-04', quantity: '4', resourceRole: 'Architect' }),
        aSeedTransaction({ transactionDate: '2025-03-08', quantity: '8', resourceRole: 'Developer' }),
        aSeedTransaction({ transactionDate: '2025-03-03', quantity: '5', transactionClass: 'Expense' }),
      ],
    });
    await seedReadModel(replica.dataSource, [aSeedContract({ lines: [line] })]);
    const jobId = await probe.createJob({ name: 'Utilization', workflow: 'UpdateRoleUtilization' });

    const run = await probe.runToEnd(jobId, '2025-03-08');

    expect(run).toMatchObject({ status: 'Succeeded', workflow: 'UpdateRoleUtilization', invoicesCreated: 0 });
    expect(await probe.invoices()).toEqual([]);
    const { body } = await probe.http().get('/role-utilization?from=2025-03-03&to=2025-03-04').expect(200);
    const rows = body.items.map((r: Record<string, string>) => [
      r.resourceRole,
      r.date,
      r.billableHours,
      r.utilizationPercent,
    ]);
    expect(rows).toEqual([
      ['Architect', '2025-03-03', '0.00', '0.00'],
      ['Architect', '2025-03-04', '4.00', '50.00'],
      ['Developer', '2025-03-03', '8.00', '100.00'],
      ['Developer', '2025-03-04', '0.00', '0.00'],
    ]);
    const [{ days }] = (await replica.dataSource.query(
      `SELECT count(DISTINCT day)::int AS days FROM invoicing.role_utilization`,
    )) as { days: number }[];
    expect(days).toBe(7);
  });
});
