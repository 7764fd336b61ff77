import { Inject, Injectable } from '@nestjs/common';
import { runInTransaction } from '@app/event-store';
import { CLOCK, Clock, PLATFORM_CONFIG, PlatformConfig } from '@app/platform';
import { DataSource } from 'typeorm';
import { DateRange, UtilizationTransaction, computeRoleUtilization, previousSevenDays } from './domain';

interface HoursRow {
  readonly resource_role: string | null;
  readonly day: string;
  readonly hours: string;
}

/**
 * The `UpdateRoleUtilization` workflow: recomputes billable hours and utilization per resource role
 * and day over the seven days before the run date, from the projected `Time` transactions, and
 * replaces those days in `role_utilization` in one transaction. PostgreSQL sums the hours per role
 * and day (exact `numeric`), so memory stays bounded by roles × days, not by transactions.
 */
@Injectable()
export class RoleUtilizationUpdater {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async update(runDate: string): Promise<DateRange & { readonly rows: number }> {
    const range = previousSevenDays(runDate);
    return runInTransaction(this.dataSource, async (runner) => {
      const sums = (await runner.query(
        `SELECT resource_role, to_char(transaction_date, 'YYYY-MM-DD') AS day, sum(quantity)::text AS hours
         FROM invoicing.transactions
         WHERE transaction_class = 'Time' AND transaction_date BETWEEN $1 AND $2
         GROUP BY resource_role, transaction_date`,
        [range.from, range.to],
      )) as HoursRow[];
      const rows = computeRoleUtilization(
        sums.map(toSummedTransaction),
        range.from,
        range.to,
        String(this.config.roleCapacityHoursPerDay),
      );
      await runner.query(`DELETE FROM invoicing.role_utilization WHERE day BETWEEN $1 AND $2`, [
        range.from,
        range.to,
      ]);
      await runner.query(
        `INSERT INTO invoicing.role_utilization
           (resource_role, day, billable_hours, capacity_hours, utilization_percent, computed_at)
         SELECT role, day, hours, capacity, percent, $6
         FROM unnest($1::text[], $2::date[], $3::numeric[], $4::numeric[], $5::numeric[])
           AS row (role, day, hours, capacity, percent)`,
        [
          rows.map((r) => r.resourceRole),
          rows.map((r) => r.date),
          rows.map((r) => r.billableHours),
          rows.map((r) => r.capacityHours),
          rows.map((r) => r.utilizationPercent),
          this.clock.now(),
        ],
      );
      return { ...range, rows: rows.length };
    });
  }
}

/** One role's hours on one day, summed by the database, as a single Time transaction. */
function toSummedTransaction(row: HoursRow, index: number): UtilizationTransaction {
  return {
    transactionId: `sum-${index}`,
    transactionClass: 'Time',
    transactionDate: row.day,
    quantity: row.hours,
    resourceRole: row.resource_role,
  };
}
