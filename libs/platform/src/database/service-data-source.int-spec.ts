import { Client } from 'pg';
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

class SlowMigration1700000000002 implements MigrationInterface {
  name = 'SlowMigration1700000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Longer than the statement limit of the sessions in its test: a large table being rewritten.
    await queryRunner.query('SELECT pg_sleep(0.6)');
    await queryRunner.query('CREATE TABLE archive (id int PRIMARY KEY)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE archive');
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

  describe('session limits (ADR 0003)', () => {
    const limits = { statementTimeoutMs: 300, lockTimeoutMs: 200, idleInTransactionTimeoutMs: 1000 };
    const sqlState = (error: unknown): unknown =>
      (error as { driverError?: { code?: string }; code?: string }).driverError?.code ??
      (error as { code?: string }).code;

    it('are the defaults when none is given: a minute per statement, ten seconds per lock wait, a minute idle', async () => {
      const sut = await openServiceDataSource(
        { url: database.url, poolSize: 2 },
        'contracts',
        serviceOptions(),
      );
      try {
        const [row] = (await sut.query(
          `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
                  current_setting('idle_in_transaction_session_timeout') AS idle`,
        )) as { statement: string; lock: string; idle: string }[];
        expect(row).toEqual({ statement: '1min', lock: '10s', idle: '1min' });
      } finally {
        await sut.destroy();
      }
    });

    it('cancel a statement that runs longer than DATABASE_STATEMENT_TIMEOUT_MS', async () => {
      const settings = { url: database.url, poolSize: 2, ...limits };
      const sut = await openServiceDataSource(settings, 'contracts', serviceOptions());
      try {
        const failure = await sut.query('SELECT pg_sleep(5)').catch((error: unknown) => error);
        expect(sqlState(failure)).toBe('57014'); // query_canceled
      } finally {
        await sut.destroy();
      }
    });

    it('fail a statement that waits for a lock longer than DATABASE_LOCK_TIMEOUT_MS', async () => {
      const options = serviceOptions();
      const settings = { url: database.url, poolSize: 2, ...limits };
      const sut = await openServiceDataSource(settings, 'contracts', options);
      const holder = new Client({ connectionString: database.url });
      await holder.connect();
      try {
        await sut.query('INSERT INTO ledger (id) VALUES (1)');
        await holder.query('BEGIN');
        await holder.query(`SELECT id FROM ${options.schema}.ledger WHERE id = 1 FOR UPDATE`);
        const started = Date.now();
        const failure = await sut
          .query('UPDATE ledger SET id = 2 WHERE id = 1')
          .catch((error: unknown) => error);
        expect(sqlState(failure)).toBe('55P03'); // lock_not_available
        expect(Date.now() - started).toBeLessThan(5000);
      } finally {
        await holder.query('ROLLBACK').catch(() => undefined);
        await holder.end();
        await sut.destroy();
      }
    });

    it('end a session whose transaction sits idle longer than DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS, releasing its locks', async () => {
      const options = serviceOptions();
      const settings = { url: database.url, poolSize: 2, ...limits };
      const sut = await openServiceDataSource(settings, 'idle_holder', options);
      const runner = sut.createQueryRunner();
      try {
        await runner.connect();
        await runner.startTransaction();
        await runner.query('INSERT INTO ledger (id) VALUES (7)');
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await expect(runner.query('SELECT 1')).rejects.toThrow();
        // The insert was rolled back with the session, so its key is free again.
        await admin.query(`INSERT INTO ${options.schema}.ledger (id) VALUES (7)`);
      } finally {
        await runner.release().catch(() => undefined);
        await sut.destroy();
      }
    });

    it('do not apply to migrations, nor to a replica waiting for another replica to finish them', async () => {
      const options = serviceOptions({ migrations: [CreateLedger1700000000000, SlowMigration1700000000002] });
      const settings = { url: database.url, poolSize: 2, ...limits };
      const started = await Promise.allSettled(
        [1, 2].map(() => openServiceDataSource(settings, 'contracts', options)),
      );
      try {
        expect(started.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
        const [sut] = started.map((result) => (result as PromiseFulfilledResult<DataSource>).value);
        // The pooled session that ran them is back to the service's limits.
        const timeouts = (await Promise.all(
          [1, 2].map(() => sut.query(`SELECT current_setting('statement_timeout') AS value`)),
        )) as { value: string }[][];
        expect(timeouts.flat().map((row) => row.value)).toEqual(['300ms', '300ms']);
      } finally {
        await destroyAll(started);
      }
    });
  });
});
