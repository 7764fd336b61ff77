import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which invoice holds each customer's share of a billed transaction or milestone (docs/product.md 3.12): with
 * a billing split, every customer's invoice bills its own share of the same items, and a cancel
 * returns only that customer's share. Kept by the `invoicing.invoices` consumer from the invoices'
 * details; shares of invoices this service saw before the table existed are not listed (the
 * transaction's and milestone's own invoice columns still show them).
 */
export class ItemSharesView1795491760000 implements MigrationInterface {
  name = 'ItemSharesView1795491760000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE contract_item_shares (
        contract_id text NOT NULL,
        item_kind text NOT NULL CHECK (item_kind IN ('Transaction', 'Milestone')),
        item_id text NOT NULL,
        customer_id text NOT NULL,
        invoice_id text NOT NULL,
        invoice_number text NOT NULL,
        posted boolean NOT NULL DEFAULT false,
        PRIMARY KEY (contract_id, item_kind, item_id, customer_id)
      )`);
    await queryRunner.query(
      'CREATE INDEX contract_item_shares_invoice_idx ON contract_item_shares (invoice_id)',
    );
    await queryRunner.query('ALTER TABLE line_invoice_runs ADD COLUMN customer_id text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE line_invoice_runs DROP COLUMN IF EXISTS customer_id');
    await queryRunner.query('DROP TABLE IF EXISTS contract_item_shares');
  }
}
