import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RoleUtilization } from './domain';

export type StoredRoleUtilization = RoleUtilization & { readonly computedAt: string };

/** Reads of the role utilization the `UpdateRoleUtilization` workflow keeps current. */
@Injectable()
export class RoleUtilizationQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Rows per role and day in the range (both ends included), by role, then day. */
  async between(from: string, to: string): Promise<StoredRoleUtilization[]> {
    const rows = (await this.dataSource.query(
      `SELECT resource_role AS "resourceRole", to_char(day, 'YYYY-MM-DD') AS date,
              billable_hours::text AS "billableHours", capacity_hours::text AS "capacityHours",
              utilization_percent::text AS "utilizationPercent", computed_at AS "computedAt"
       FROM invoicing.role_utilization
       WHERE day BETWEEN $1::date AND $2::date
       ORDER BY resource_role, day`,
      [from, to],
    )) as (Omit<StoredRoleUtilization, 'computedAt'> & { computedAt: Date })[];
    return rows.map((row) => ({ ...row, computedAt: row.computedAt.toISOString() }));
  }
}
