import { ConsoleLogger, Logger } from '@nestjs/common';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase, RecordingLogger, TestDatabase } from '@app/testing';
import { openServiceDataSource } from './service-data-source';

class CreateLedger1700000000000 implements MigrationInterface {
  name = 'CreateLedger1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE ledger (id int PRIMARY KEY, amount numeric NOT NULL)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ledger');
  }
}

describe('DatabaseLogger on the service data source (real PostgreSQL)', () => {
  let database: TestDatabase;
  let sut: DataSource;
  let log: RecordingLogger;

  beforeAll(async () => {
    database = await createTestDatabase('platform_db_log');
    sut = await openServiceDataSource({ url: database.url, poolSize: 2 }, 'contracts', {
      schema: 'ledger_log',
      migrations: [CreateLedger1700000000000],
    });
  });

  beforeEach(() => {
    log = new RecordingLogger();
    Logger.overrideLogger(log);
  });

  afterAll(async () => {
    Logger.overrideLogger(new ConsoleLogger());
    await sut?.destroy();
    await database?.drop();
  });

  it('keeps a unique violation, which racing writers expect, out of the error log', async () => {
    await sut.query('INSERT INTO ledger (id, amount) VALUES ($1, $2)', [1, '10.00']);

    await expect(
      sut.query('INSERT INTO ledger (id, amount) VALUES ($1, $2)', [1, '20.00']),
    ).rejects.toMatchObject({ driverError: { code: '23505' } });

    expect(log.at('error')).toEqual([]);
    expect(log.at('debug')).toEqual([
      expect.stringMatching(/query failed: .*duplicate key.*INSERT INTO ledger/),
    ]);
  });

  it('logs any other failed query as an error, with its SQL and parameters', async () => {
    await expect(
      sut.query('INSERT INTO ledger (id, amount) VALUES ($1, $2)', [2, null]),
    ).rejects.toMatchObject({
      driverError: { code: '23502' },
    });

    expect(log.at('error')).toEqual([
      expect.stringMatching(/query failed: .*null value.*INSERT INTO ledger .* -- parameters: \[2,null\]/),
    ]);
  });

  it('cuts long parameter lists short', async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => i + 10);
    await expect(
      sut.query('INSERT INTO ledger (id, amount) SELECT unnest($1::int[]), NULL', [ids]),
    ).rejects.toThrow(/null value/);

    const [line] = log.at('error');
    expect(line.length).toBeLessThan(1000);
    expect(line).toMatch(/…$/);
  });
});
