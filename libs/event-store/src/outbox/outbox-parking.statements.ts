import { DataSource } from 'typeorm';
import { qualifiedTable } from '../schema/schema-name';
import { EVENT_COLUMNS } from '../store/stored-event.row';
import { LeaderSession } from './leader-session';
import { OutboxRow } from './outbox.statements';

/** The reason of an event parked only because an earlier event of its key is (ADR 0004, "Parking"). */
export const WAITING_BEHIND_PARKED = 'WAITING_BEHIND_PARKED';

/** Where an event goes, as far as per-key order is concerned: its topic and key (its stream without one). */
export interface ParkedKey {
  readonly topic: string;
  readonly key: string | null;
  readonly streamId: string;
}

export interface ParkedEventInput extends ParkedKey {
  readonly globalPosition: string;
  readonly orderKey: string;
  readonly eventId: string;
  readonly reason: string;
  readonly reasonMessage: string;
  /** The event id of the refused event this one waits behind; null for the refused event itself. */
  readonly blockedBy: string | null;
}

/** The head of a parked key: the refused event every later event of its key waits behind. */
export interface ParkedHead extends ParkedKey {
  readonly eventId: string;
  readonly globalPosition: string;
}

/** Events of a key are parked together: an event without a key has only its stream's order. */
export function parkedKeyId(key: ParkedKey): string {
  return JSON.stringify(key.key === null ? [key.topic, null, key.streamId] : [key.topic, key.key]);
}

/** The same key in SQL, for `$2` topic, `$3` key and `$4` stream id. */
const SAME_KEY =
  'p.topic = $2 AND p.message_key IS NOT DISTINCT FROM $3 AND (p.message_key IS NOT NULL OR p.stream_id = $4)';

export async function loadParkedHeads(
  session: LeaderSession,
  table: string,
  relayName: string,
): Promise<ParkedHead[]> {
  const rows = await session.query<{
    topic: string;
    message_key: string | null;
    stream_id: string;
    event_id: string;
    global_position: string;
  }>(
    `SELECT topic, message_key, stream_id, event_id, global_position::text AS global_position
     FROM ${table} WHERE relay_name = $1 AND blocked_by IS NULL ORDER BY global_position`,
    [relayName],
  );
  return rows.map((row) => ({
    topic: row.topic,
    key: row.message_key,
    streamId: row.stream_id,
    eventId: row.event_id,
    globalPosition: row.global_position,
  }));
}

/** Parks events in one statement; an event parked already (read again after a failure) stays as it is. */
export async function parkEvents(
  session: LeaderSession,
  table: string,
  relayName: string,
  events: readonly ParkedEventInput[],
): Promise<void> {
  if (events.length === 0) return;
  const column = <K extends keyof ParkedEventInput>(name: K) => events.map((event) => event[name]);
  await session.query(
    `INSERT INTO ${table}
       (relay_name, global_position, order_key, event_id, stream_id, topic, message_key, reason,
        reason_message, blocked_by)
     SELECT $1, p.position, p.order_key::xid8, p.event_id, p.stream_id, p.topic, p.message_key, p.reason,
            p.reason_message, p.blocked_by
     FROM unnest($2::bigint[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[],
                 $9::text[], $10::uuid[])
       AS p(position, order_key, event_id, stream_id, topic, message_key, reason, reason_message, blocked_by)
     ON CONFLICT (relay_name, global_position) DO NOTHING`,
    [
      relayName,
      column('globalPosition'),
      column('orderKey'),
      column('eventId'),
      column('streamId'),
      column('topic'),
      column('key'),
      column('reason'),
      column('reasonMessage'),
      column('blockedBy'),
    ],
  );
}

/** The first `limit` parked events of one key, in publication order (published ones are deleted). */
export async function readParkedEvents(
  session: LeaderSession,
  tables: { readonly events: string; readonly parked: string },
  relayName: string,
  key: ParkedKey,
  limit: number,
): Promise<OutboxRow[]> {
  return session.query<OutboxRow>(
    `SELECT ${EVENT_COLUMNS.split(', ')
      .map((column) => `e.${column}`)
      .join(', ')}, e.order_key::text AS order_key_text
     FROM ${tables.parked} p JOIN ${tables.events} e ON e.global_position = p.global_position
     WHERE p.relay_name = $1 AND ${SAME_KEY}
     ORDER BY e.order_key, e.global_position
     LIMIT $5`,
    [relayName, key.topic, key.key, key.streamId, limit],
  );
}

export async function unparkEvents(
  session: LeaderSession,
  table: string,
  relayName: string,
  globalPositions: readonly string[],
): Promise<void> {
  if (globalPositions.length === 0) return;
  await session.query(`DELETE FROM ${table} WHERE relay_name = $1 AND global_position = ANY($2::bigint[])`, [
    relayName,
    globalPositions,
  ]);
}

/**
 * Makes `head` the refused event of its key again (a retry refused it, or an event that waited
 * behind it was refused in turn): the reason is the latest, the other events of the key wait behind it.
 */
export async function reparkHead(
  session: LeaderSession,
  table: string,
  relayName: string,
  head: ParkedKey & { readonly eventId: string; readonly globalPosition: string },
  reason: { readonly type: string; readonly message: string },
): Promise<void> {
  await session.query(
    `UPDATE ${table} p
     SET reason = CASE WHEN p.global_position = $5 THEN $6 ELSE p.reason END,
         reason_message = CASE WHEN p.global_position = $5 THEN $7 ELSE 'waits behind parked event ' || $8 END,
         blocked_by = CASE WHEN p.global_position = $5 THEN NULL ELSE $8::uuid END,
         attempts = CASE WHEN p.global_position = $5 THEN p.attempts + 1 ELSE p.attempts END,
         last_attempt_at = CASE WHEN p.global_position = $5 THEN now() ELSE p.last_attempt_at END
     WHERE p.relay_name = $1 AND ${SAME_KEY}`,
    [
      relayName,
      head.topic,
      head.key,
      head.streamId,
      head.globalPosition,
      reason.type,
      reason.message,
      head.eventId,
    ],
  );
}

/** What a relay holds parked: counts per reason and the oldest refused event. */
export interface OutboxParked {
  readonly events: number;
  readonly byReason: Readonly<Record<string, number>>;
  readonly first?: {
    readonly eventId: string;
    readonly streamId: string;
    readonly topic: string;
    readonly reason: string;
    readonly reasonMessage: string;
    readonly parkedAt: Date;
  };
}

/** Reads a relay's parked events on any connection (a scrape or a readiness probe, not the leader). */
export async function readOutboxParked(
  dataSource: DataSource,
  schema: string,
  relayName: string,
): Promise<OutboxParked> {
  const table = qualifiedTable(schema, 'outbox_parked_events');
  const counts: { reason: string; events: number }[] = await dataSource.query(
    `SELECT reason, count(*)::int AS events FROM ${table} WHERE relay_name = $1 GROUP BY reason`,
    [relayName],
  );
  const byReason = Object.fromEntries(counts.map((row) => [row.reason, row.events]));
  const events = counts.reduce((sum, row) => sum + row.events, 0);
  if (events === 0) return { events, byReason };
  const heads: {
    event_id: string;
    stream_id: string;
    topic: string;
    reason: string;
    reason_message: string;
    parked_at: Date;
  }[] = await dataSource.query(
    `SELECT event_id, stream_id, topic, reason, reason_message, parked_at FROM ${table}
     WHERE relay_name = $1 AND blocked_by IS NULL ORDER BY global_position LIMIT 1`,
    [relayName],
  );
  const head = heads[0];
  if (!head) return { events, byReason };
  return {
    events,
    byReason,
    first: {
      eventId: head.event_id,
      streamId: head.stream_id,
      topic: head.topic,
      reason: head.reason,
      reasonMessage: head.reason_message,
      parkedAt: head.parked_at,
    },
  };
}
