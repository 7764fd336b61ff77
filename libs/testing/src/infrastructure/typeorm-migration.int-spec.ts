import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase, TestDatabase } from '.';

/** A migration of the kind the services ship: its own schema, a table in it, and a way back. */
class CreateProbeTable1700000000000 implements MigrationInterface {
  name = 'CreateProbeTable1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA probe');
    await queryRunner.query(
      'CREATE TABLE probe.ledger (id uuid PRIMARY KEY, amount numeric(19, 4) NOT NULL)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE probe.ledger');
    await queryRunner.query('DROP SCHEMA probe');
  }
}

describe('TypeORM 1.x migrations on the real database', () => {
  let database: TestDatabase;
  let sut: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('plumbing_migration');
    sut = new DataSource({
      type: 'postgres',
      url: database.url,
      migrations: [CreateProbeTable1700000000000],
      migrationsTableName: 'schema_migrations',
      synchronize: false,
      logging: false,
    });
    await sut.initialize();
  });

  afterAll(async () => {
    await sut.destroy();
    await database.drop();
  });

  const ledgerColumns = async (): Promise<string[]> => {
    const rows: { column_name: string }[] = await sut.query(
      `SELECT column_name FROM information_schema.columns
       WHERE table_schema = 'probe' AND table_name = 'ledger' ORDER BY ordinal_position`,
    );
    return rows.map((row) => row.column_name);
  };
  const recordedMigrations = async (): Promise<string[]> =>
    (await sut.query('SELECT name FROM schema_migrations')).map((row: { name: string }) => row.name);

  it('applies a pending migration and records it', async () => {
    const applied = await sut.runMigrations({ transaction: 'each' });

    expect(applied.map((migration) => migration.name)).toEqual(['CreateProbeTable1700000000000']);
    expect(await ledgerColumns()).toEqual(['id', 'amount']);
    expect(await recordedMigrations()).toEqual(['CreateProbeTable1700000000000']);
  });

  it('applies nothing when every migration already ran', async () => {
    expect(await sut.runMigrations()).toEqual([]);
  });

  it('rolls the last migration back and forgets it', async () => {
    await sut.undoLastMigration({ transaction: 'each' });

    expect(await ledgerColumns()).toEqual([]);
    const schemas = await sut.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name = 'probe'`);
    expect(schemas).toEqual([]);
    expect(await recordedMigrations()).toEqual([]);
  });
});
