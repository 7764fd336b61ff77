import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the contract projection keeps besides the read model itself (see docs/adr/0005):
 * - `projection_state`: the rebuild generation; each generation reads `contracts.events` from the
 *   beginning with a consumer group of its own.
 * - `projection_pending_events`: events that arrived after a gap in their contract's stream, with
 *   their original Kafka record, held until the missing versions arrive.
 * - `projection_rebuild_*_marks`: billing facts a rebuild must not forget (which invoice billed a
 *   transaction or milestone, which schedule entries have run), put back as events are replayed.
 * Plus the indexes the invoice run pages and loads due contracts by.
 */
const UP = [
  `CREATE TABLE invoicing.projection_state (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    generation int NOT NULL,
    rebuilt_at timestamptz
  )`,
  `INSERT INTO invoicing.projection_state (id, generation) VALUES (true, 0)`,
  `CREATE TABLE invoicing.projection_pending_events (
    stream_id text NOT NULL,
    stream_version int NOT NULL,
    topic text NOT NULL,
    kafka_partition int NOT NULL,
    kafka_offset text NOT NULL,
    kafka_timestamp text NOT NULL,
    message_key bytea,
    message_value bytea NOT NULL,
    headers jsonb NOT NULL,
    held_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream_id, stream_version)
  )`,
  `CREATE TABLE invoicing.projection_rebuild_transaction_marks (
    transaction_id text PRIMARY KEY,
    invoice_id uuid NOT NULL
  )`,
  `CREATE TABLE invoicing.projection_rebuild_milestone_marks (
    milestone_id text PRIMARY KEY,
    status text NOT NULL,
    invoice_id uuid
  )`,
  `CREATE TABLE invoicing.projection_rebuild_schedule_marks (
    contract_line_id text NOT NULL,
    invoice_run_date date NOT NULL,
    status text NOT NULL,
    process_run_id uuid,
    invoice_id uuid,
    failure_reason text,
    PRIMARY KEY (contract_line_id, invoice_run_date)
  )`,
  // Due contracts in contract id order, so a run pages through them without rescanning.
  `CREATE INDEX schedule_entries_due_by_contract_idx ON invoicing.schedule_entries (contract_id, invoice_run_date)
    WHERE status <> 'RunSuccessful'`,
  `CREATE INDEX milestones_due_by_contract_idx ON invoicing.milestones (contract_id, milestone_date)
    WHERE status = 'ReadyForInvoicing'`,
  `CREATE INDEX milestones_line_idx ON invoicing.milestones (contract_line_id)`,
];

const DOWN = [
  'DROP INDEX IF EXISTS invoicing.milestones_line_idx',
  'DROP INDEX IF EXISTS invoicing.milestones_due_by_contract_idx',
  'DROP INDEX IF EXISTS invoicing.schedule_entries_due_by_contract_idx',
  'DROP TABLE IF EXISTS invoicing.projection_rebuild_schedule_marks',
  'DROP TABLE IF EXISTS invoicing.projection_rebuild_milestone_marks',
  'DROP TABLE IF EXISTS invoicing.projection_rebuild_transaction_marks',
  'DROP TABLE IF EXISTS invoicing.projection_pending_events',
  'DROP TABLE IF EXISTS invoicing.projection_state',
];

export class ContractProjectionState1795491400000 implements MigrationInterface {
  name = 'ContractProjectionState1795491400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}
