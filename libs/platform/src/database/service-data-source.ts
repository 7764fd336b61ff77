import { DataSource, DataSourceOptions, MigrationExecutor, MigrationInterface } from 'typeorm';
import { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { DatabaseConfig } from '../config/platform-config';
import { DatabaseLogger } from './database.logger';

export type MigrationClass = new () => MigrationInterface;

/** The connection a service needs: where, how many, and (defaulted when left out) its session limits. */
export type ServiceDatabaseConnection = Pick<DatabaseConfig, 'url' | 'poolSize'> &
  Partial<Pick<DatabaseConfig, 'statementTimeoutMs' | 'lockTimeoutMs' | 'idleInTransactionTimeoutMs'>>;

/** The defaults of DATABASE_STATEMENT_TIMEOUT_MS, DATABASE_LOCK_TIMEOUT_MS and DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS. */
export const DEFAULT_SESSION_LIMITS = {
  statementTimeoutMs: 60_000,
  lockTimeoutMs: 10_000,
  idleInTransactionTimeoutMs: 60_000,
} as const;

/** TCP keepalive probes start after this much silence, so a dead peer is noticed in about a minute. */
const KEEPALIVE_INITIAL_DELAY_MS = 10_000;

/**
 * The `options` startup parameter of every pooled session: the schema first on the search path, and
 * limits on statements, lock waits and idle transactions (ADR 0003), so no request, consumer batch or
 * process run can wait for ever on a lock or a stuck transaction, or pin a connection while idle.
 */
export function sessionOptions(schema: string, database: ServiceDatabaseConnection): string {
  const limits = { ...DEFAULT_SESSION_LIMITS, ...definedOnly(database) };
  return [
    `-c search_path=${quoteIdentifier(schema)},public`,
    `-c statement_timeout=${limits.statementTimeoutMs}`,
    `-c lock_timeout=${limits.lockTimeoutMs}`,
    `-c idle_in_transaction_session_timeout=${limits.idleInTransactionTimeoutMs}`,
  ].join(' ');
}

function definedOnly(database: ServiceDatabaseConnection): Partial<typeof DEFAULT_SESSION_LIMITS> {
  const { statementTimeoutMs, lockTimeoutMs, idleInTransactionTimeoutMs } = database;
  return Object.fromEntries(
    Object.entries({ statementTimeoutMs, lockTimeoutMs, idleInTransactionTimeoutMs }).filter(
      ([, value]) => value !== undefined,
    ),
  );
}
export type EntityList = NonNullable<DataSourceOptions['entities']>;

export interface ServiceDatabaseOptions {
  /** The PostgreSQL schema the service owns: created when missing, holds its tables and migration log. */
  readonly schema: string;
  /** Explicit, ordered migration classes of that service only. */
  readonly migrations: readonly MigrationClass[];
  readonly entities?: EntityList;
}

/**
 * TypeORM options for a service's schema. Never `synchronize`: the schema changes only through
 * migrations, run by {@link migrateExclusively} rather than `migrationsRun`, which takes no lock.
 * `search_path` points at the schema so raw SQL can name tables without qualifying them.
 */
export function serviceDataSourceOptions(
  database: ServiceDatabaseConnection,
  applicationName: string,
  options: ServiceDatabaseOptions,
): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url: database.url,
    schema: options.schema,
    applicationName,
    poolSize: database.poolSize,
    connectTimeoutMS: 5000,
    extra: {
      options: sessionOptions(options.schema, database),
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS,
    },
    entities: options.entities ?? [],
    migrations: [...options.migrations],
    migrationsTableName: 'migrations',
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries (but the unique violations of racing writers), warnings and migrations.
    logger: new DatabaseLogger(),
  };
}

export function quoteIdentifier(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/**
 * Creates the schema if missing and runs pending migrations while holding a session advisory lock,
 * so replicas starting together apply each migration once and wait for each other. All of it runs on
 * one session with the statement and lock limits lifted: a replica may wait for another's migrations
 * as long as they take, and a migration may rewrite a large table.
 */
export async function migrateExclusively(dataSource: DataSource, schema: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SET statement_timeout = 0');
    await runner.query('SET lock_timeout = 0');
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
      const migrations = new MigrationExecutor(dataSource, runner);
      migrations.transaction = 'each';
      await migrations.executePendingMigrations();
    } finally {
      await runner
        .query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`])
        .catch(() => undefined);
    }
    // Back to the limits the session started with before the pool hands it to anyone else.
    await runner.query('RESET statement_timeout');
    await runner.query('RESET lock_timeout');
  } finally {
    await runner.release();
  }
}

/** Opens a DataSource from options, migrates its schema, and closes it again if that fails. */
export async function openMigratedDataSource(options: PostgresDataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    await migrateExclusively(dataSource, options.schema ?? 'public');
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

/** For scripts and tests outside Nest: a ready DataSource for a service's schema. */
export function openServiceDataSource(
  database: ServiceDatabaseConnection,
  applicationName: string,
  options: ServiceDatabaseOptions,
): Promise<DataSource> {
  return openMigratedDataSource(serviceDataSourceOptions(database, applicationName, options));
}
