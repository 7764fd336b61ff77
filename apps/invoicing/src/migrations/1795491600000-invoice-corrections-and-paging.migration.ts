import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A confirmed invoice has at most one standing correction: a cancelled corrective draft credited
 * nothing, so the invoice may be corrected again (as the invoice aggregate decides). The plain
 * UNIQUE constraint would block that forever; a partial unique index keeps the race-proof "once"
 * for corrections that stand. Plus the index that pages the unfiltered invoice list.
 */
export class InvoiceCorrectionsAndPaging1795491600000 implements MigrationInterface {
  name = 'InvoiceCorrectionsAndPaging1795491600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE invoicing.invoices DROP CONSTRAINT IF EXISTS invoices_corrects_invoice_id_key',
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX invoices_one_standing_correction ON invoicing.invoices (corrects_invoice_id)
       WHERE corrects_invoice_id IS NOT NULL AND status <> 'Cancelled'`,
    );
    await queryRunner.query(
      'CREATE INDEX invoices_created_idx ON invoicing.invoices (created_at, invoice_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS invoicing.invoices_created_idx');
    await queryRunner.query('DROP INDEX IF EXISTS invoicing.invoices_one_standing_correction');
    await queryRunner.query(
      'ALTER TABLE invoicing.invoices ADD CONSTRAINT invoices_corrects_invoice_id_key UNIQUE (corrects_invoice_id)',
    );
  }
}
