import { DataSource, EntitySchema, MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { openServiceDataSource, ServiceDatabaseOptions } from './service-data-source';

class CreateLedger1700000000000 implements MigrationInterface {
  name = 'CreateLedger1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Slow on purpose, so a second instance starting alongside would overlap without the lock.
    await queryRunner.query('SELECT pg_sleep(0.3)');
    await queryRunner.query('CREATE TABLE ledger (id int PRIMARY KEY)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ledger');
  }
}

class BrokenMigration1700000000001 implements MigrationInterface {
  name = 'BrokenMigration1700000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE ledger_archive (id int REFERENCES no_such_table (id))');
  }

  async down(): Promise<void> {}
}

/** An entity no migration creates: only `synchronize` could make its table. */
const Unmigrated = new EntitySchema<{ id: number }>({
  name: 'Unmigrated',
  tableName: 'unmigrated',
  columns: { id: { type: Number, primary: true } },
});

/** Each test migrates a schema of its own (the database is this file's), so none depends on another. */
let schemas = 0;
const serviceOptions = (overrides: Partial<ServiceDatabaseOptions> = {}): ServiceDatabaseOptions => ({
  schema: `billing_${++schemas}`,
  migrations: [CreateLedger1700000000000],
  ...overrides,
});

async function destroyAll(dataSources: PromiseSettledResult<DataSource>[]): Promise<void> {
  await Promise.all(
    dataSources.map((result) => (result.status === 'fulfilled' ? result.value.destroy() : undefined)),
  );
}

describe('openServiceDataSource (real PostgreSQL)', () => {
  let database: TestDatabase;
  let admin: DataSource;

  const connectionsNamed = async (applicationName: string): Promise<number> => {
    const [row] = (await admin.query(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
      [database.name, applicationName],
    )) as { n: number }[];
    return row.n;
  };
  const tableExists = async (qualifiedName: string): Promise<boolean> => {
    const [row] = (await admin.query('SELECT to_regclass($1) IS NOT NULL AS found', [qualifiedName])) as {
      found: boolean;
    }[];
    return row.found;
  };

  beforeAll(async () => {
    database = await createTestDatabase('platform_db');
    admin = await new DataSource({ type: 'postgres', url: database.url, logging: false }).initialize();
  });

  afterAll(async () => {
    await admin?.destroy();
    await database?.drop();
  });

  it('creates the schema, migrates it once although instances start together, and logs the migration there', async () => {
    const options = serviceOptions();
    const settings = { url: database.url, poolSize: 3 };
    const started = await Promise.allSettled(
      [1, 2, 3].map(() => openServiceDataSource(settings, 'contracts', options)),
    );
    try {
      expect(started.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const rows: { name: string }[] = await admin.query(`SELECT name FROM ${options.schema}.migrations`);
      expect(rows.map((r) => r.name)).toEqual(['CreateLedger1700000000000']);
    } finally {
      await destroyAll(started);
    }
  });

  it('points unqualified SQL at the service schema and names its connections', async () => {
    const options = serviceOptions();
    const sut = await openServiceDataSource({ url: database.url, poolSize: 2 }, 'invoicing', options);
    try {
      await sut.query('INSERT INTO ledger (id) VALUES (1)');
      expect(await admin.query(`SELECT count(*)::int AS n FROM ${options.schema}.ledger`)).toEqual([
        { n: 1 },
      ]);
      expect(await sut.query('SELECT current_setting($1) AS name', ['application_name'])).toEqual([
        { name: 'invoicing' },
      ]);
    } finally {
      await sut.destroy();
    }
  });

  it('never synchronizes entities into the schema', async () => {
    const options = serviceOptions({ entities: [Unmigrated] });
    const sut = await openServiceDataSource({ url: database.url, poolSize: 2 }, 'contracts', options);
    try {
      expect(sut.options.synchronize).toBe(false);
      expect(await tableExists(`${options.schema}.ledger`)).toBe(true);
      expect(await tableExists(`${options.schema}.unmigrated`)).toBe(false);
    } finally {
      await sut.destroy();
    }
  });

  it('closes its connections when a migration fails, and leaves the lock to the next instance', async () => {
    const options = serviceOptions();
    const settings = { url: database.url, poolSize: 2 };
    const broken = { ...options, migrations: [CreateLedger1700000000000, BrokenMigration1700000000001] };

    await expect(openServiceDataSource(settings, 'broken_start', broken)).rejects.toThrow(/no_such_table/);
    expect(await connectionsNamed('broken_start')).toBe(0);

    // The first migration committed on its own (transaction per migration); the next start goes on from there.
    const sut = await openServiceDataSource(settings, 'contracts', options);
    try {
      const rows: { name: string }[] = await admin.query(`SELECT name FROM ${options.schema}.migrations`);
      expect(rows.map((r) => r.name)).toEqual(['CreateLedger1700000000000']);
    } finally {
      await sut.destroy();
    }
  });
});
