import { InvoicingTestApp, startInvoicingApp } from '../../test/invoicing-test-app';
import { SeededContract, seedContract, seedTransaction } from '../../test/two-line-contract.seed';
import { RoleUtilizationUpdater } from './role-utilization.updater';

describe('role utilization (real PostgreSQL)', () => {
  let sut: InvoicingTestApp;
  let updater: RoleUtilizationUpdater;
  let contract: SeededContract;

  beforeAll(async () => {
    sut = await startInvoicingApp({ ROLE_CAPACITY_HOURS_PER_DAY: '7.5' });
    updater = sut.service.app.get(RoleUtilizationUpdater, { strict: false });
    contract = await seedContract(sut.dataSource);
  });

  afterAll(async () => {
    await sut?.close();
  });

  const time = (transactionDate: string, quantity: string, resourceRole: string | null = 'Developer') =>
    seedTransaction(sut.dataSource, contract, {
      transactionDate,
      quantity,
      resourceRole,
      transactionClass: 'Time',
    });

  const utilization = (from: string, to: string) => sut.http().get('/role-utilization').query({ from, to });

  describe('the updater, for a run on 2024-03-08', () => {
    beforeAll(async () => {
      await time('2024-03-04', '6');
      await time('2024-03-04', '1.5');
      await time('2024-03-05', '3', 'Architect');
      await time('2024-03-06', '2', null);
      await seedTransaction(sut.dataSource, contract, {
        transactionDate: '2024-03-04',
        transactionClass: 'Expense',
        quantity: '40',
      });
      await time('2024-02-29', '8');
      await time('2024-03-08', '8');
      await sut.dataSource.query(
        `INSERT INTO invoicing.role_utilization VALUES
           ('Retired', '2024-03-03', 8, 8, 100, now()), ('Retired', '2024-02-20', 8, 8, 100, now())`,
      );
    });

    it('recomputes the seven days before the run date, every role on every day', async () => {
      const result = await updater.update('2024-03-08');

      expect(result).toEqual({ from: '2024-03-01', to: '2024-03-07', rows: 21 });
    });

    it('serves billable Time hours against the configured capacity, exact, idle days at zero', async () => {
      const { body } = await utilization('2024-03-04', '2024-03-05').expect(200);

      const rows = body.items.map((r: Record<string, string>) => [
        r.resourceRole,
        r.date,
        r.billableHours,
        r.capacityHours,
        r.utilizationPercent,
      ]);
      expect(rows).toEqual([
        ['Architect', '2024-03-04', '0.00', '7.50', '0.00'],
        ['Architect', '2024-03-05', '3.00', '7.50', '40.00'],
        ['Developer', '2024-03-04', '7.50', '7.50', '100.00'],
        ['Developer', '2024-03-05', '0.00', '7.50', '0.00'],
        ['Unassigned', '2024-03-04', '0.00', '7.50', '0.00'],
        ['Unassigned', '2024-03-05', '0.00', '7.50', '0.00'],
      ]);
      expect(body).toMatchObject({ from: '2024-03-04', to: '2024-03-05' });
    });

    it('replaces stale rows inside the window and leaves days outside it alone', async () => {
      const { body } = await utilization('2024-02-01', '2024-03-31').expect(200);

      const retired = body.items.filter((r: { resourceRole: string }) => r.resourceRole === 'Retired');
      expect(retired.map((r: { date: string }) => r.date)).toEqual(['2024-02-20']);
      expect(body.items.map((r: { date: string }) => r.date)).not.toContain('2024-03-08');
    });

    it('gives the same figures when run again', async () => {
      const before = (await utilization('2024-03-01', '2024-03-07').expect(200)).body.items;
      await updater.update('2024-03-08');
      const after = (await utilization('2024-03-01', '2024-03-07').expect(200)).body.items;

      const figures = (items: Record<string, string>[]) => items.map(({ computedAt: _, ...rest }) => rest);
      expect(figures(after)).toEqual(figures(before));
    });
  });

  describe('GET /role-utilization request rules', () => {
    it('answers 400 naming both dates when they are missing or not calendar dates', async () => {
      const missing = await sut.http().get('/role-utilization').expect(400);
      const invalid = await utilization('2024-02-30', '2024-3-1').expect(400);

      for (const response of [missing, invalid]) {
        expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['from', 'to']);
      }
    });

    it('answers 400 naming to when the range is reversed or longer than 366 days', async () => {
      for (const [from, to] of [
        ['2024-03-05', '2024-03-04'],
        ['2024-01-01', '2025-01-01'],
        // Ten thousand years: refused at once, by arithmetic, not by listing every day.
        ['0100-01-01', '9999-12-31'],
      ]) {
        const response = await utilization(from, to).expect(400);
        expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['to']);
      }
    });

    it('accepts a single day and a full leap year', async () => {
      await utilization('2024-03-04', '2024-03-04').expect(200);
      await utilization('2024-01-01', '2024-12-31').expect(200);
      // The last day of the calendar has no day after it.
      await utilization('9999-12-31', '9999-12-31').expect(200);
      await utilization('0001-01-01', '0001-01-01').expect(200);
    });
  });
});
