import { createTestDatabase } from '@app/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { eventStoreMigration, eventStoreOrderKeyMigration, outboxParkingMigration } from '../src';

export interface EventStoreDatabase {
  readonly schema: string;
  readonly url: string;
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

interface Database {
  readonly url: string;
  drop(): Promise<void>;
}

/** A database with a chosen name (a test may point a client at it before it exists). */
async function createNamedDatabase(url: string): Promise<Database> {
  const server = new URL(url);
  const name = server.pathname.slice(1);
  server.pathname = '/postgres';
  const onServer = async (sql: string) => {
    const client = new Client({ connectionString: server.toString() });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await onServer(`CREATE DATABASE "${name}"`);
  return { url, drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** A database of the test file's own (or at `url`) with the event store migrated into `schema`. */
export async function createEventStoreDatabase(
  schema = 'contracts',
  options: { poolSize?: number; url?: string } = {},
): Promise<EventStoreDatabase> {
  const database = options.url
    ? await createNamedDatabase(options.url)
    : await createTestDatabase('event_store');
  const dataSource = new DataSource({
    type: 'postgres',
    url: database.url,
    migrations: [
      eventStoreMigration(schema),
      eventStoreOrderKeyMigration(schema, { timestamp: 1732406400001 }),
      outboxParkingMigration(schema, { timestamp: 1732406400002 }),
    ],
    migrationsTableName: `${schema}_migrations`,
    extra: { max: options.poolSize ?? 10 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    schema,
    url: database.url,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
