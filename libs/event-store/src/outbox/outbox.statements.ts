import { DataSource } from 'typeorm';
import { qualifiedTable } from '../schema/schema-name';
import { EVENT_COLUMNS, EventRow } from '../store/stored-event.row';
import { LeaderSession } from './leader-session';

/** Relay progress: the last published event in (order key, global position) order (ADR 0004). */
export interface OutboxCheckpoint {
  readonly orderKey: string;
  readonly globalPosition: string;
}

export interface OutboxRow extends EventRow {
  readonly order_key_text: string;
}

export interface OutboxTables {
  readonly events: string;
  readonly checkpoints: string;
}

export async function loadCheckpoint(
  session: LeaderSession,
  tables: OutboxTables,
  relayName: string,
): Promise<OutboxCheckpoint> {
  await session.query(
    `INSERT INTO ${tables.checkpoints} (relay_name, order_key, global_position)
     VALUES ($1, '0'::xid8, 0) ON CONFLICT (relay_name) DO NOTHING`,
    [relayName],
  );
  const rows = await session.query<{ order_key: string; global_position: string }>(
    `SELECT order_key::text AS order_key, global_position::text AS global_position
     FROM ${tables.checkpoints} WHERE relay_name = $1`,
    [relayName],
  );
  return { orderKey: rows[0].order_key, globalPosition: rows[0].global_position };
}

export interface ReadRequest {
  readonly after: OutboxCheckpoint;
  readonly limit: number;
  /**
   * Stops a batch at this many bytes of event data (as JSON text), the event that crosses it
   * included, so one large event still goes out.
   */
  readonly maxBytes: number;
  /** A published position to store in the same round trip (the write runs even if no row is read). */
  readonly save?: { readonly relayName: string; readonly checkpoint: OutboxCheckpoint };
}

/**
 * The next events in commit-safe order. Global positions are taken at insert but become visible at
 * commit, so a position checkpoint would skip an event whose transaction commits late. An event's
 * order key is its transaction id, raised to its stream's previous event's key (so a transaction
 * that took its id early still comes after the version before its own). Reading only keys below the
 * snapshot's xmin means every such event's transaction has finished (its id is at most its key), and
 * any event still to come gets a key of at least its own id, so at least the xmin: none can later
 * appear behind the checkpoint.
 * A batch ends at `limit` events or `maxBytes` of data, whichever comes first: a backlog of large
 * events (invoices carry a detail per transaction) would otherwise be read, parsed, held for the
 * Kafka round trip and read ahead of, hundreds at a time.
 */
export async function readPublishable(
  session: LeaderSession,
  tables: OutboxTables,
  request: ReadRequest,
): Promise<OutboxRow[]> {
  const { after, limit, maxBytes, save } = request;
  return session.query<OutboxRow>(
    // The text copy has its own name: ORDER BY must use the xid8 column (as text, '10' < '9'), and
    // the row comparison on the indexed columns lets the scan start right after the checkpoint.
    `WITH saved AS (
       UPDATE ${tables.checkpoints}
       SET order_key = $4::xid8, global_position = $5::bigint, updated_at = now()
       WHERE relay_name = $6 AND $7::boolean
     ),
     next AS (
       SELECT ${EVENT_COLUMNS}, e.order_key, octet_length(e.data::text) AS bytes
       FROM ${tables.events} e
       WHERE (e.order_key, e.global_position) > ($1::xid8, $2::bigint)
         AND e.order_key < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY e.order_key, e.global_position
       LIMIT $3
     ),
     sized AS (
       SELECT next.*, sum(bytes) OVER (ORDER BY order_key, global_position) - bytes AS bytes_before
       FROM next
     )
     SELECT ${EVENT_COLUMNS}, order_key::text AS order_key_text
     FROM sized
     WHERE bytes_before < $8
     ORDER BY order_key, global_position`,
    [
      after.orderKey,
      after.globalPosition,
      limit,
      save?.checkpoint.orderKey ?? '0',
      save?.checkpoint.globalPosition ?? '0',
      save?.relayName ?? '',
      save !== undefined,
      maxBytes,
    ],
  );
}

/**
 * Whether committed events wait beyond `after` that the xmin rule still holds back (an older write
 * transaction somewhere on the server is open): the relay is not caught up while there are.
 */
export async function hasHeldBackEvents(
  session: LeaderSession,
  tables: OutboxTables,
  after: OutboxCheckpoint,
): Promise<boolean> {
  const rows = await session.query<{ held_back: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM ${tables.events} e WHERE (e.order_key, e.global_position) > ($1::xid8, $2::bigint)
     ) AS held_back`,
    [after.orderKey, after.globalPosition],
  );
  return rows[0].held_back;
}

export async function saveCheckpoint(
  session: LeaderSession,
  tables: OutboxTables,
  relayName: string,
  checkpoint: OutboxCheckpoint,
): Promise<void> {
  await session.query(
    `UPDATE ${tables.checkpoints}
     SET order_key = $2::xid8, global_position = $3::bigint, updated_at = now()
     WHERE relay_name = $1`,
    [relayName, checkpoint.orderKey, checkpoint.globalPosition],
  );
}

/** How far a relay is behind: events after its checkpoint, and the age of the oldest of them. */
export interface OutboxLag {
  readonly events: number;
  readonly oldestAgeSeconds: number;
}

/**
 * Reads a relay's lag on any connection (a scrape, not the leader). The checkpoint is stored one
 * batch late, so the figures may count one published batch too many; a relay that stopped
 * publishing (a broker outage, a lost leader) shows as a growing age.
 */
export async function readOutboxLag(
  dataSource: DataSource,
  schema: string,
  relayName: string,
): Promise<OutboxLag> {
  const tables = {
    events: qualifiedTable(schema, 'events'),
    checkpoints: qualifiedTable(schema, 'outbox_checkpoints'),
  };
  const rows: { events: number; age: number }[] = await dataSource.query(
    `SELECT count(*)::int AS events,
            coalesce(extract(epoch FROM now() - min(e.recorded_at)), 0)::float8 AS age
     FROM ${tables.events} e
     LEFT JOIN ${tables.checkpoints} c ON c.relay_name = $1
     WHERE c.relay_name IS NULL OR (e.order_key, e.global_position) > (c.order_key, c.global_position)`,
    [relayName],
  );
  return { events: rows[0].events, oldestAgeSeconds: Math.max(0, rows[0].age) };
}
