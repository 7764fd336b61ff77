import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The contracts service owns the `contracts` schema. The platform creates it before migrating (the
 * migration log lives there too); this first migration keeps the chain complete on its own.
 */
export class CreateContractsSchema1795491284250 implements MigrationInterface {
  name = 'CreateContractsSchema1795491284250';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS "contracts"');
  }

  async down(): Promise<void> {
    // Dropping the schema would drop the migration log with it; reverting leaves it in place.
  }
}
