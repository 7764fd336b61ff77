import { DataSource, QueryRunner } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { TransactionOptions } from './event-store.types';

export type { IsolationLevel };

/** Rows of a parameterized statement, whatever its command (TypeORM shapes UPDATE results differently). */
export async function queryRows<T>(runner: QueryRunner, sql: string, parameters: unknown[]): Promise<T[]> {
  const result = await runner.query(sql, parameters, true);
  return (result.records ?? []) as T[];
}

/** Runs `work` in a new transaction on its own connection: committed when it resolves, rolled back when it throws. */
export async function runInTransaction<T>(
  dataSource: DataSource,
  work: (queryRunner: QueryRunner) => Promise<T>,
  isolationLevel?: IsolationLevel,
): Promise<T> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    return await runInOpenedRunner(queryRunner, work, isolationLevel);
  } finally {
    await queryRunner.release();
  }
}

async function runInOpenedRunner<T>(
  queryRunner: QueryRunner,
  work: (queryRunner: QueryRunner) => Promise<T>,
  isolationLevel?: IsolationLevel,
): Promise<T> {
  await queryRunner.startTransaction(isolationLevel);
  try {
    const result = await work(queryRunner);
    await queryRunner.commitTransaction();
    return result;
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  }
}

/**
 * Runs `work` inside the caller's transaction when the options carry one, so the caller's other
 * writes commit with it; otherwise in a transaction of its own. A caller's query runner without an
 * open transaction still gets atomicity: the work is wrapped in a transaction on that runner.
 */
export async function runInCallerTransaction<T>(
  dataSource: DataSource,
  options: TransactionOptions,
  work: (queryRunner: QueryRunner) => Promise<T>,
): Promise<T> {
  const callerRunner = options.queryRunner ?? options.manager?.queryRunner;
  if (!callerRunner) return runInTransaction(dataSource, work);
  if (callerRunner.isTransactionActive) return work(callerRunner);
  return runInOpenedRunner(callerRunner, work);
}

/** Runs a read on the caller's connection when given one (sees its uncommitted writes), else on the pool. */
export async function runRead<T>(
  dataSource: DataSource,
  options: TransactionOptions,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const callerRunner = options.queryRunner ?? options.manager?.queryRunner;
  if (callerRunner) return queryRows<T>(callerRunner, sql, parameters);
  return (await dataSource.query(sql, parameters)) as T[];
}
