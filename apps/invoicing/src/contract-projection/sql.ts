import { DataSource, QueryRunner } from 'typeorm';

/** The rows of a statement, whatever its command (TypeORM shapes UPDATE results differently). */
export async function rows<T>(runner: QueryRunner, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const result = await runner.query(sql, parameters, true);
  return (result.records ?? []) as T[];
}

/** How many rows an INSERT, UPDATE or DELETE touched. */
export async function affected(
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
  if (runner) return rows<T>(runner, sql, parameters);
  return (await dataSource.query(sql, parameters)) as T[];
}

/** A `date` column as 'YYYY-MM-DD' text: `pg` would turn it into a Date at local midnight. */
export function dateText(column: string, alias: string): string {
  return `to_char(${column}, 'YYYY-MM-DD') AS "${alias}"`;
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
