import { QueryRunner } from 'typeorm';

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
