import { QueryRunner } from 'typeorm';
import { ConcurrencyError } from './concurrency.error';
import { ExpectedVersion, StreamAppend } from './event-store.types';
import { queryRows } from './transaction';

const SERIALIZATION_FAILURE = '40001';

export interface EventStoreTables {
  readonly events: string;
  readonly streams: string;
}

/** One event row as it goes into the multi-row insert. */
export interface EventInsertRow {
  readonly streamId: string;
  readonly streamType: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly metadata: string;
  readonly occurredAt: string;
}

function upsertStreamSql(streams: string, condition: string): string {
  return `INSERT INTO ${streams} AS s (stream_id, stream_type, version, snapshot, updated_at)
    VALUES ($1, $2, $3::int, $4::jsonb, now())
    ON CONFLICT (stream_id) DO UPDATE
      SET version = s.version + EXCLUDED.version,
          snapshot = CASE WHEN $5::boolean THEN EXCLUDED.snapshot ELSE s.snapshot END,
          updated_at = now()
      ${condition}
    RETURNING s.version`;
}

function advanceStreamSql(streams: string): string {
  return `UPDATE ${streams} AS s
    SET version = s.version + $2::int,
        snapshot = CASE WHEN $4::boolean THEN $3::jsonb ELSE s.snapshot END,
        updated_at = now()
    WHERE s.stream_id = $1 AND s.version = $5::int
    RETURNING s.version`;
}

function advanceStatement(streams: string, append: StreamAppend): { sql: string; parameters: unknown[] } {
  const { streamId, streamType, expectedVersion, events, snapshot } = append;
  const hasSnapshot = snapshot !== undefined;
  const snapshotJson = hasSnapshot ? JSON.stringify(snapshot) : null;
  if (expectedVersion === 'any' || expectedVersion === 'no-stream' || expectedVersion === 0) {
    const condition = expectedVersion === 'any' ? '' : 'WHERE s.version = 0';
    return {
      sql: upsertStreamSql(streams, condition),
      parameters: [streamId, streamType, events.length, snapshotJson, hasSnapshot],
    };
  }
  return {
    sql: advanceStreamSql(streams),
    parameters: [streamId, events.length, snapshotJson, hasSnapshot, expectedVersion],
  };
}

export function assertExpectedVersion(expected: ExpectedVersion): void {
  if (expected === 'any' || expected === 'no-stream') return;
  if (!Number.isInteger(expected) || expected < 0) {
    throw new RangeError(
      `expectedVersion must be a non-negative integer, 'no-stream' or 'any', got ${expected}`,
    );
  }
}

/**
 * Checks the expected version and moves the stream row forward by the number of events in one
 * statement. The statement takes the row lock, so concurrent appends to a stream serialize here and
 * the loser sees the winner's version (PostgreSQL re-checks the condition on the updated row).
 * Returns the stream's new version.
 */
export async function advanceStream(
  runner: QueryRunner,
  tables: EventStoreTables,
  append: StreamAppend,
): Promise<number> {
  const { sql, parameters } = advanceStatement(tables.streams, append);
  let rows: { version: number }[];
  try {
    rows = await queryRows<{ version: number }>(runner, sql, parameters);
  } catch (error) {
    // Under REPEATABLE READ or SERIALIZABLE a concurrent append surfaces as a serialization failure.
    if ((error as { code?: string }).code === SERIALIZATION_FAILURE) {
      throw new ConcurrencyError(append.streamId, append.expectedVersion, undefined);
    }
    throw error;
  }
  if (rows.length === 1) return rows[0].version;
  const actual = await currentVersion(runner, tables.streams, append.streamId);
  throw new ConcurrencyError(append.streamId, append.expectedVersion, actual);
}

/**
 * Moves several streams forward in one statement: each is created or advanced by its number of
 * events, rows taken in the order given (sort by stream id so that two writers cannot deadlock).
 * The expected versions are checked on the versions it returns, so a mismatch has already written
 * and the caller's transaction must roll back on the `ConcurrencyError` (as after any failed
 * append). Returns each stream's new version by stream id.
 */
export async function advanceStreams(
  runner: QueryRunner,
  tables: EventStoreTables,
  appends: readonly StreamAppend[],
): Promise<Map<string, number>> {
  let rows: { stream_id: string; version: number }[];
  try {
    rows = await queryRows<{ stream_id: string; version: number }>(
      runner,
      `INSERT INTO ${tables.streams} AS s (stream_id, stream_type, version, snapshot, updated_at)
       SELECT stream_id, stream_type, added, snapshot, now()
       FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[]) AS a(stream_id, stream_type, added, snapshot)
       ON CONFLICT (stream_id) DO UPDATE
         SET version = s.version + EXCLUDED.version,
             snapshot = COALESCE(EXCLUDED.snapshot, s.snapshot),
             updated_at = now()
       RETURNING s.stream_id, s.version`,
      [
        appends.map((append) => append.streamId),
        appends.map((append) => append.streamType),
        appends.map((append) => append.events.length),
        // SQL NULL keeps the stored snapshot; a given snapshot (even JSON null) replaces it.
        appends.map((append) => (append.snapshot === undefined ? null : JSON.stringify(append.snapshot))),
      ],
    );
  } catch (error) {
    if ((error as { code?: string }).code === SERIALIZATION_FAILURE) {
      throw new ConcurrencyError(appends[0].streamId, appends[0].expectedVersion, undefined);
    }
    throw error;
  }
  const versions = new Map(rows.map((row) => [row.stream_id, row.version]));
  for (const append of appends) assertAdvancedFrom(append, versions.get(append.streamId)!);
  return versions;
}

function assertAdvancedFrom(append: StreamAppend, nextVersion: number): void {
  const { expectedVersion } = append;
  if (expectedVersion === 'any') return;
  const previous = nextVersion - append.events.length;
  const expected = expectedVersion === 'no-stream' ? 0 : expectedVersion;
  if (previous !== expected) throw new ConcurrencyError(append.streamId, expectedVersion, previous);
}

async function currentVersion(runner: QueryRunner, streams: string, streamId: string): Promise<number> {
  const rows = await queryRows<{ version: number }>(
    runner,
    `SELECT version FROM ${streams} WHERE stream_id = $1`,
    [streamId],
  );
  return rows[0]?.version ?? 0;
}

/** All events of an append in one statement (arrays unnested server-side), so 1,000 events cost one round trip. */
export async function insertEvents(
  runner: QueryRunner,
  events: string,
  rows: readonly EventInsertRow[],
): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const inserted = await queryRows<{ event_id: string; global_position: string }>(
    runner,
    // The order key (ADR 0004) never falls below the stream's previous event's: the previous
    // version is committed (the stream row is locked and at it), so this statement sees its key.
    `INSERT INTO ${events}
       (stream_id, stream_type, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at,
        order_key)
     SELECT u.*, GREATEST(pg_current_xact_id(), (
              SELECT p.order_key FROM ${events} p
              WHERE p.stream_id = u.stream_id ORDER BY p.stream_version DESC LIMIT 1))
     FROM unnest($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::int[],
                 $7::jsonb[], $8::jsonb[], $9::timestamptz[])
       AS u(stream_id, stream_type, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
     RETURNING event_id, global_position`,
    [
      rows.map((row) => row.streamId),
      rows.map((row) => row.streamType),
      rows.map((row) => row.streamVersion),
      rows.map((row) => row.eventId),
      rows.map((row) => row.eventType),
      rows.map((row) => row.schemaVersion),
      rows.map((row) => row.data),
      rows.map((row) => row.metadata),
      rows.map((row) => row.occurredAt),
    ],
  );
  return new Map(inserted.map((row) => [row.event_id, Number(row.global_position)]));
}
