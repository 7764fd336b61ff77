import { DataSource, DataSourceOptions, MigrationInterface } from 'typeorm';
import { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { DatabaseConfig } from '../config/platform-config';
import { DatabaseLogger } from './database.logger';

export type MigrationClass = new () => MigrationInterface;
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
  database: Pick<DatabaseConfig, 'url' | 'poolSize'>,
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
    extra: { options: `-c search_path=${quoteIdentifier(options.schema)},public` },
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
 * so replicas starting together apply each migration once and wait for each other.
 */
export async function migrateExclusively(dataSource: DataSource, schema: string): Promise<void> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    await lockRunner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockRunner
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`])
      .catch(() => undefined);
    await lockRunner.release();
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
  database: Pick<DatabaseConfig, 'url' | 'poolSize'>,
  applicationName: string,
  options: ServiceDatabaseOptions,
): Promise<DataSource> {
  return openMigratedDataSource(serviceDataSourceOptions(database, applicationName, options));
}
