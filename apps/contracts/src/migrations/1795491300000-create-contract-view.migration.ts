import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The contract view beside the event store: what `GET /contracts/{id}` shows that the contract
 * snapshot does not hold. `contract_transactions` and `contract_items` are written in the same
 * transaction as the events they reflect; the invoice tables are kept by the `invoicing.invoices`
 * consumer.
 * None of it is a source of truth for a decision: the snapshot and the events are.
 */
export class CreateContractView1795491300000 implements MigrationInterface {
  name = 'CreateContractView1795491300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE contract_transactions (
        contract_id text NOT NULL,
        transaction_id text NOT NULL,
        contract_line_id text NOT NULL,
        stream_version int NOT NULL,
        transaction_class text NOT NULL,
        transaction_date date NOT NULL,
        quantity text NOT NULL,
        unit_price text NOT NULL,
        amount text NOT NULL,
        description text,
        resource_role text,
        billing_status text NOT NULL DEFAULT 'Unbilled'
          CHECK (billing_status IN ('Unbilled', 'Billed', 'Posted')),
        invoice_id text,
        invoice_number text,
        PRIMARY KEY (contract_id, transaction_id)
      )`);
    await queryRunner.query(
      'CREATE INDEX contract_transactions_order_idx ON contract_transactions (contract_id, stream_version)',
    );
    await queryRunner.query(
      'CREATE INDEX contract_transactions_invoice_idx ON contract_transactions (invoice_id) WHERE invoice_id IS NOT NULL',
    );
    // Lines and milestones in the order they were added (the snapshot is JSONB, which keeps no key order).
    await queryRunner.query(`
      CREATE TABLE contract_items (
        contract_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('Line', 'Milestone')),
        item_id text NOT NULL,
        stream_version int NOT NULL,
        PRIMARY KEY (contract_id, kind, item_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE milestone_invoices (
        contract_id text NOT NULL,
        milestone_id text NOT NULL,
        invoice_id text NOT NULL,
        invoice_number text NOT NULL,
        status text NOT NULL CHECK (status IN ('InvoiceCreated', 'InvoicePosted')),
        PRIMARY KEY (contract_id, milestone_id)
      )`);
    await queryRunner.query('CREATE INDEX milestone_invoices_invoice_idx ON milestone_invoices (invoice_id)');
    await queryRunner.query(`
      CREATE TABLE line_invoice_runs (
        contract_id text NOT NULL,
        contract_line_id text NOT NULL,
        invoice_id text NOT NULL,
        invoice_run_date date NOT NULL,
        PRIMARY KEY (contract_id, contract_line_id, invoice_id)
      )`);
    // Transactions recorded before this view existed: it starts complete.
    await queryRunner.query(`
      INSERT INTO contract_transactions (contract_id, transaction_id, contract_line_id, stream_version,
        transaction_class, transaction_date, quantity, unit_price, amount, description, resource_role)
      SELECT stream_id, data->>'transactionId', data->>'contractLineId', stream_version,
        data->>'transactionClass', (data->>'transactionDate')::date, data->>'quantity',
        data->>'unitPrice', data->>'amount', data->>'description', data->>'resourceRole'
      FROM events WHERE event_type = 'TransactionRecorded'
      ON CONFLICT DO NOTHING`);
    await queryRunner.query(`
      INSERT INTO contract_items (contract_id, kind, item_id, stream_version)
      SELECT stream_id, CASE event_type WHEN 'ContractLineAdded' THEN 'Line' ELSE 'Milestone' END,
        CASE event_type WHEN 'ContractLineAdded' THEN data->>'contractLineId' ELSE data->>'milestoneId' END,
        stream_version
      FROM events WHERE event_type IN ('ContractLineAdded', 'MilestoneAdded')
      ON CONFLICT DO NOTHING`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'line_invoice_runs',
      'milestone_invoices',
      'contract_items',
      'contract_transactions',
    ]) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
