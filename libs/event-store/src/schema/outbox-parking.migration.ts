import { MigrationInterface, QueryRunner } from 'typeorm';
import { pascalCase } from './event-store.migration';
import { assertSchemaName } from './schema-name';

export interface OutboxParkingMigrationOptions {
  /** The 13-digit JavaScript timestamp TypeORM orders migrations by (after `eventStoreMigration`'s). */
  readonly timestamp: number;
}

/**
 * The relay's parked events (ADR 0004, "Parking"): an event the broker refused, with its reason,
 * and every later event of its topic and key, which waits behind it. The event itself stays in
 * `events`; a row leaves this table once the event is published.
 */
function upStatements(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE TABLE ${s}.outbox_parked_events (
      relay_name text NOT NULL,
      global_position bigint NOT NULL,
      order_key xid8 NOT NULL,
      event_id uuid NOT NULL,
      stream_id text NOT NULL,
      topic text NOT NULL,
      message_key text,
      reason text NOT NULL,
      reason_message text NOT NULL,
      blocked_by uuid,
      attempts int NOT NULL DEFAULT 1,
      parked_at timestamptz NOT NULL DEFAULT now(),
      last_attempt_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (relay_name, global_position)
    )`,
  ];
}

/** A TypeORM migration class adding the relay's parked events table to the event store of `schema`. */
export function outboxParkingMigration(
  schema: string,
  options: OutboxParkingMigrationOptions,
): new () => MigrationInterface {
  assertSchemaName(schema);
  const name = `OutboxParking${pascalCase(schema)}${options.timestamp}`;

  class OutboxParkingMigration implements MigrationInterface {
    readonly name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      for (const statement of upStatements(schema)) await queryRunner.query(statement);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE IF EXISTS "${schema}".outbox_parked_events`);
    }
  }
  Object.defineProperty(OutboxParkingMigration, 'name', { value: name });
  return OutboxParkingMigration;
}
