import { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName } from './schema-name';

/** Early on purpose: the event store tables exist before any service migration that refers to them. */
const DEFAULT_TIMESTAMP = 1732406400000;

export interface EventStoreMigrationOptions {
  /** The 13-digit JavaScript timestamp TypeORM orders migrations by. */
  readonly timestamp?: number;
}

function upStatements(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE ${s}.events (
      global_position bigserial PRIMARY KEY,
      stream_id text NOT NULL,
      stream_type text NOT NULL,
      stream_version int NOT NULL CHECK (stream_version >= 1),
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      schema_version int NOT NULL CHECK (schema_version >= 1),
      data jsonb NOT NULL,
      metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      CONSTRAINT events_event_id_uq UNIQUE (event_id),
      CONSTRAINT events_stream_version_uq UNIQUE (stream_id, stream_version)
    )`,
    // The relay reads in (transaction_id, global_position) order from its checkpoint.
    `CREATE INDEX events_outbox_order_idx ON ${s}.events (transaction_id, global_position)`,
    `CREATE TABLE ${s}.streams (
      stream_id text PRIMARY KEY,
      stream_type text NOT NULL,
      version int NOT NULL CHECK (version >= 0),
      snapshot jsonb,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE ${s}.outbox_checkpoints (
      relay_name text PRIMARY KEY,
      transaction_id xid8 NOT NULL,
      global_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE ${s}.processed_messages (
      consumer text NOT NULL,
      message_id text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, message_id)
    )`,
  ];
}

function downStatements(schema: string): string[] {
  const s = `"${schema}"`;
  return ['processed_messages', 'outbox_checkpoints', 'streams', 'events'].map(
    (table) => `DROP TABLE IF EXISTS ${s}.${table}`,
  );
}

export function pascalCase(schema: string): string {
  return schema
    .split('_')
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/**
 * A TypeORM migration class creating the event store tables in `schema`. Services list it among
 * their migrations: `migrations: [eventStoreMigration('contracts'), ...]`.
 */
export function eventStoreMigration(
  schema: string,
  options: EventStoreMigrationOptions = {},
): new () => MigrationInterface {
  assertSchemaName(schema);
  // TypeORM reads the timestamp from the last 13 characters of the name.
  const name = `EventStore${pascalCase(schema)}${options.timestamp ?? DEFAULT_TIMESTAMP}`;

  class EventStoreMigration implements MigrationInterface {
    readonly name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      for (const statement of upStatements(schema)) await queryRunner.query(statement);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      for (const statement of downStatements(schema)) await queryRunner.query(statement);
    }
  }
  Object.defineProperty(EventStoreMigration, 'name', { value: name });
  return EventStoreMigration;
}
