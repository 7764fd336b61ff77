import { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName } from './schema-name';
import { pascalCase } from './event-store.migration';

export interface EventStoreOrderKeyMigrationOptions {
  /** The 13-digit JavaScript timestamp TypeORM orders migrations by (after `eventStoreMigration`'s). */
  readonly timestamp: number;
}

/**
 * The relay's order key (ADR 0004): an event's transaction id, raised to its stream's previous
 * event's key when that is higher, so a transaction that took its id early still publishes a
 * stream's later version after the earlier one. Events written before keep their transaction id,
 * the order the relay used for them.
 */
function upStatements(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `ALTER TABLE ${s}.events ADD COLUMN order_key xid8`,
    `UPDATE ${s}.events SET order_key = transaction_id`,
    `ALTER TABLE ${s}.events ALTER COLUMN order_key SET DEFAULT pg_current_xact_id()`,
    `ALTER TABLE ${s}.events ALTER COLUMN order_key SET NOT NULL`,
    `CREATE INDEX events_outbox_order_key_idx ON ${s}.events (order_key, global_position)`,
    `DROP INDEX ${s}.events_outbox_order_idx`,
    `ALTER TABLE ${s}.outbox_checkpoints RENAME COLUMN transaction_id TO order_key`,
  ];
}

function downStatements(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `ALTER TABLE ${s}.outbox_checkpoints RENAME COLUMN order_key TO transaction_id`,
    `CREATE INDEX events_outbox_order_idx ON ${s}.events (transaction_id, global_position)`,
    `ALTER TABLE ${s}.events DROP COLUMN order_key`,
  ];
}

/** A TypeORM migration class adding the relay's order key to the event store of `schema`. */
export function eventStoreOrderKeyMigration(
  schema: string,
  options: EventStoreOrderKeyMigrationOptions,
): new () => MigrationInterface {
  assertSchemaName(schema);
  const name = `EventStoreOrderKey${pascalCase(schema)}${options.timestamp}`;

  class EventStoreOrderKeyMigration implements MigrationInterface {
    readonly name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      for (const statement of upStatements(schema)) await queryRunner.query(statement);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      for (const statement of downStatements(schema)) await queryRunner.query(statement);
    }
  }
  Object.defineProperty(EventStoreOrderKeyMigration, 'name', { value: name });
  return EventStoreOrderKeyMigration;
}
