import { EVENT_COLUMNS, EventRow } from '../store/stored-event.row';
import { LeaderSession } from './leader-session';

/** Relay progress: the last published event in (transaction id, global position) order. */
export interface OutboxCheckpoint {
  readonly transactionId: string;
  readonly globalPosition: string;
}

export interface OutboxRow extends EventRow {
  readonly transaction_id_text: string;
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
    `INSERT INTO ${tables.checkpoints} (relay_name, transaction_id, global_position)
     VALUES ($1, '0'::xid8, 0) ON CONFLICT (relay_name) DO NOTHING`,
    [relayName],
  );
  const rows = await session.query<{ transaction_id: string; global_position: string }>(
    `SELECT transaction_id::text AS transaction_id, global_position::text AS global_position
     FROM ${tables.checkpoints} WHERE relay_name = $1`,
    [relayName],
  );
  return { transactionId: rows[0].transaction_id, globalPosition: rows[0].global_position };
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
 * commit, so a position checkpoint would skip an event whose transaction commits late. Ordering by
 * transaction id and reading only transactions older than the snapshot's xmin (every one of them has
 * finished: committed or rolled back) means no event can later appear behind the checkpoint.
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
       SET transaction_id = $4::xid8, global_position = $5::bigint, updated_at = now()
       WHERE relay_name = $6 AND $7::boolean
     ),
     next AS (
       SELECT ${EVENT_COLUMNS}, e.transaction_id, octet_length(e.data::text) AS bytes
       FROM ${tables.events} e
       WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
         AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY e.transaction_id, e.global_position
       LIMIT $3
     ),
     sized AS (
       SELECT next.*, sum(bytes) OVER (ORDER BY transaction_id, global_position) - bytes AS bytes_before
       FROM next
     )
     SELECT ${EVENT_COLUMNS}, transaction_id::text AS transaction_id_text
     FROM sized
     WHERE bytes_before < $8
     ORDER BY transaction_id, global_position`,
    [
      after.transactionId,
      after.globalPosition,
      limit,
      save?.checkpoint.transactionId ?? '0',
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
       SELECT 1 FROM ${tables.events} e WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
     ) AS held_back`,
    [after.transactionId, after.globalPosition],
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
     SET transaction_id = $2::xid8, global_position = $3::bigint, updated_at = now()
     WHERE relay_name = $1`,
    [relayName, checkpoint.transactionId, checkpoint.globalPosition],
  );
}
