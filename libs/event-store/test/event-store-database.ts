import { createTestDatabase, TestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { eventStoreMigration } from '../src';

export interface EventStoreDatabase {
  readonly schema: string;
  readonly url: string;
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

/** A database of the test file's own with the event store migrated into `schema`. */
export async function createEventStoreDatabase(
  schema = 'contracts',
  poolSize = 10,
): Promise<EventStoreDatabase> {
  const database: TestDatabase = await createTestDatabase('event_store');
  const dataSource = new DataSource({
    type: 'postgres',
    url: database.url,
    migrations: [eventStoreMigration(schema)],
    migrationsTableName: `${schema}_migrations`,
    extra: { max: poolSize },
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
