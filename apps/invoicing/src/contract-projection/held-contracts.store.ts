import { ContractEventEnvelope } from '@app/event-contracts';
import { DataSource, QueryRunner } from 'typeorm';
import { queryRows } from '../database';

/*
 * Contracts the projection holds (docs/adr/0005): their next version has not arrived while later
 * ones have (`Gap`: the later ones wait in `projection_pending_events`), or it arrived and was
 * refused (`Refused`: dead-lettered, kept in `projection_refused_events` while it is the
 * contract's next version). Either way the contract is not billed past that version until a
 * corrected or missing event comes.
 */

export type HeldReason = 'Gap' | 'Refused';
export const HELD_REASONS: readonly HeldReason[] = ['Gap', 'Refused'];

export interface HeldContractRefusal {
  readonly streamVersion: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly code: string;
  readonly message: string;
}

export interface HeldContractEntry {
  readonly contractId: string;
  readonly reason: HeldReason;
  /** The version the projection holds the contract at (0: not even its creation projected). */
  readonly projectedVersion: number;
  /** Events waiting behind the missing or refused version. */
  readonly heldEvents: number;
  /** The lowest version among them; null when none waits yet. */
  readonly firstHeldVersion: number | null;
  /** When the first event was held or the refusal happened (ISO-8601 UTC). */
  readonly heldSince: string;
  /** The refused event at the contract's next version, when that is the reason. */
  readonly refusal: HeldContractRefusal | null;
}

export interface HeldContractList {
  /** Every held contract, however many are listed. */
  readonly total: number;
  /** The longest held first, at most the limit asked for. */
  readonly contracts: readonly HeldContractEntry[];
}

/** The held contracts as one relation (`contract_id`, `reason`, ...), for listing and counting. */
const HELD_CONTRACTS = `
  WITH held AS (
    SELECT stream_id, count(*)::int AS held_events, min(stream_version) AS first_held_version,
      min(held_at) AS since
    FROM invoicing.projection_pending_events GROUP BY stream_id
  ), standing AS (
    SELECT r.* FROM invoicing.projection_refused_events r
    LEFT JOIN invoicing.projected_contracts c ON c.contract_id = r.stream_id
    WHERE r.stream_version = coalesce(c.stream_version, 0) + 1
  )
  SELECT coalesce(h.stream_id, s.stream_id) AS contract_id,
    CASE WHEN s.stream_id IS NULL THEN 'Gap' ELSE 'Refused' END AS reason,
    coalesce(h.held_events, 0) AS held_events, h.first_held_version,
    least(h.since, s.refused_at) AS since, s.stream_version AS refused_version, s.event_id,
    s.event_type, s.error_code, s.error_message
  FROM held h FULL JOIN standing s ON s.stream_id = h.stream_id`;

interface HeldContractRow {
  contract_id: string;
  reason: HeldReason;
  projected_version: number;
  held_events: number;
  first_held_version: number | null;
  since: Date;
  refused_version: number | null;
  event_id: string | null;
  event_type: string | null;
  error_code: string | null;
  error_message: string | null;
  total: number;
}

function toHeldContract(row: HeldContractRow): HeldContractEntry {
  const refusal =
    row.refused_version === null
      ? null
      : {
          streamVersion: row.refused_version,
          eventId: row.event_id ?? '',
          eventType: row.event_type ?? '',
          code: row.error_code ?? '',
          message: row.error_message ?? '',
        };
  return {
    contractId: row.contract_id,
    reason: row.reason,
    projectedVersion: row.projected_version,
    heldEvents: row.held_events,
    firstHeldVersion: row.first_held_version,
    heldSince: row.since.toISOString(),
    refusal,
  };
}

/** The first `limit` held contracts, longest held first, and how many there are in all. */
export async function listHeldContracts(runner: QueryRunner, limit: number): Promise<HeldContractList> {
  const rows = await queryRows<HeldContractRow>(
    runner,
    `SELECT held.*, coalesce(c.stream_version, 0) AS projected_version, count(*) OVER ()::int AS total
     FROM (${HELD_CONTRACTS}) held
     LEFT JOIN invoicing.projected_contracts c ON c.contract_id = held.contract_id
     ORDER BY held.since, held.contract_id
     LIMIT $1`,
    [limit],
  );
  return { total: rows[0]?.total ?? 0, contracts: rows.map(toHeldContract) };
}

/** How many contracts are held, by reason (each reason present, 0 when none). */
export async function countHeldContracts(runner: QueryRunner): Promise<Record<HeldReason, number>> {
  const rows = await queryRows<{ reason: HeldReason; count: number }>(
    runner,
    `SELECT reason, count(*)::int AS count FROM (${HELD_CONTRACTS}) held GROUP BY reason`,
  );
  const counts: Record<HeldReason, number> = { Gap: 0, Refused: 0 };
  for (const row of rows) counts[row.reason] = row.count;
  return counts;
}

export interface RefusedEvent {
  readonly event: ContractEventEnvelope;
  readonly rejection: { readonly code: string; readonly message: string };
}

/** A query runner in a transaction, or the data source (a statement of its own). */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** One row per contract and version: the latest reason, the time of the first refusal. */
async function insertRefusals(db: Queryable, refused: readonly RefusedEvent[]): Promise<void> {
  const latest = [
    ...new Map(refused.map((r) => [`${r.event.streamId}/${r.event.streamVersion}`, r])).values(),
  ];
  if (latest.length === 0) return;
  await db.query(
    `INSERT INTO invoicing.projection_refused_events (stream_id, stream_version, event_id, event_type,
       error_code, error_message)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (stream_id, stream_version) DO UPDATE SET event_id = EXCLUDED.event_id,
       event_type = EXCLUDED.event_type, error_code = EXCLUDED.error_code,
       error_message = EXCLUDED.error_message`,
    [
      latest.map((r) => r.event.streamId),
      latest.map((r) => r.event.streamVersion),
      latest.map((r) => r.event.eventId),
      latest.map((r) => r.event.eventType),
      latest.map((r) => r.rejection.code),
      latest.map((r) => r.rejection.message),
    ],
  );
}

/**
 * Keeps the events a batch refused, then forgets those of the batch's contracts that they have
 * moved past (a corrected event under that version was applied).
 */
export async function recordRefusedEvents(
  runner: QueryRunner,
  streamIds: readonly string[],
  refused: readonly RefusedEvent[],
): Promise<void> {
  await insertRefusals(runner, refused);
  if (streamIds.length === 0) return;
  await runner.query(
    `DELETE FROM invoicing.projection_refused_events r USING invoicing.projected_contracts c
     WHERE r.stream_id = ANY($1::text[]) AND c.contract_id = r.stream_id
       AND r.stream_version <= c.stream_version`,
    [streamIds],
  );
}

/**
 * Keeps an event that PostgreSQL refused (an id another contract's row holds) outside the batch's
 * transaction, which rolls back so that the consumer can dead-letter the event alone. A refusal
 * kept for an event that is applied after all does no harm: it holds nothing once the contract's
 * version has reached it, and the next batch of that contract forgets it.
 */
export async function recordRefusalAside(dataSource: DataSource, refused: RefusedEvent): Promise<void> {
  await insertRefusals(dataSource, [refused]);
}
