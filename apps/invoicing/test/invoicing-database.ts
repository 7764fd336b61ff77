import { openServiceDataSource } from '@app/platform';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { INVOICING_MIGRATIONS } from '../src/migrations';

export interface InvoicingDatabase {
  readonly dataSource: DataSource;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/** A database of its own with the invoicing schema migrated, for tests below the HTTP layer. */
export async function openInvoicingDatabase(): Promise<InvoicingDatabase> {
  const database = await createTestDatabase('invoicing_invoice');
  try {
    const dataSource = await openServiceDataSource({ url: database.url, poolSize: 8 }, 'invoice-test', {
      schema: 'invoicing',
      migrations: INVOICING_MIGRATIONS,
    });
    return {
      dataSource,
      database,
      close: async () => {
        await dataSource.destroy();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
