import { DataSource, QueryRunner } from 'typeorm';

/**
 * The invoicing service's helpers for hand-written SQL, used by the projection, process runs,
 * invoices and batch jobs alike.
 */

/**
 * The rows of a parameterized statement, whatever its command: TypeORM returns UPDATE and DELETE
 * results in another shape than SELECT unless asked for the structured result.
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

/** A read on the caller's connection when given one (sees its uncommitted writes), else on the pool. */
export async function read<T>(
  dataSource: DataSource,
  runner: QueryRunner | undefined,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  if (runner) return queryRows<T>(runner, sql, parameters);
  return (await dataSource.query(sql, parameters)) as T[];
}

/**
 * Runs independent reads: in parallel on the pool, one after another on a caller's connection
 * (a connection runs one statement at a time; `pg` deprecates queueing them).
 */
export async function readAll<T extends readonly unknown[]>(
  runner: QueryRunner | undefined,
  reads: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (!runner) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const next of reads) results.push(await next());
  return results as unknown as T;
}

/** A `date` column as 'YYYY-MM-DD' text: `pg` would turn it into a Date at local midnight. */
export function dateText(column: string, alias: string): string {
  return `to_char(${column}, 'YYYY-MM-DD') AS "${alias}"`;
}

const UNIQUE_VIOLATION = '23505';
const TRANSIENT = new Set(['40001', '40P01']);

/**
 * A unique violation, of the named constraint or index when one is given (TypeORM copies the
 * driver's fields onto its error; a COPY's error is the driver's own).
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const failure = error as { code?: string; constraint?: string } | null;
  return (
    failure?.code === UNIQUE_VIOLATION && (constraint === undefined || failure.constraint === constraint)
  );
}

/** A serialization failure or deadlock: the transaction did nothing and may simply be retried. */
export function isTransientFailure(error: unknown): boolean {
  const failure = error as { code?: string } | null;
  return failure?.code !== undefined && TRANSIENT.has(failure.code);
}
