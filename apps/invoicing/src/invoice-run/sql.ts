import { QueryRunner } from 'typeorm';

/**
 * The rows of a parameterized statement, whatever its command: TypeORM returns UPDATE and DELETE
 * results in another shape than SELECT unless asked for the structured result. The invoicing
 * service's one home for such helpers (invoices, process runs and batch jobs use it).
 */
export async function queryRows<T>(
  runner: QueryRunner,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const result = await runner.query(sql, parameters, true);
  return (result.records ?? []) as T[];
}

/** How many rows an INSERT, UPDATE or DELETE touched. */
export async function affectedRows(
  runner: QueryRunner,
  sql: string,
  parameters: unknown[] = [],
): Promise<number> {
  const result = await runner.query(sql, parameters, true);
  return result.affected ?? 0;
}

const UNIQUE_VIOLATION = '23505';
const TRANSIENT = new Set(['40001', '40P01']);

/** A unique violation of the named constraint or index (TypeORM copies the driver's fields onto its error). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const failure = error as { code?: string; constraint?: string } | null;
  return failure?.code === UNIQUE_VIOLATION && failure.constraint === constraint;
}

/** A serialization failure or deadlock: the transaction did nothing and may simply be retried. */
export function isTransientFailure(error: unknown): boolean {
  const failure = error as { code?: string } | null;
  return failure?.code !== undefined && TRANSIENT.has(failure.code);
}

/** The calendar date columns come back as text: `pg` would turn a `date` into a local-time Date. */
export function dateText(column: string, alias = column): string {
  return `to_char(${column}, 'YYYY-MM-DD') AS ${alias}`;
}
