import { DataSource } from 'typeorm';

/** A contract whose stream the projection holds after a gap (docs/adr/0005): its data is incomplete. */
export interface HeldContract {
  readonly contractId: string;
  /** Why a process run parks it, for its parked record and its schedule entries. */
  readonly reason: string;
}

export const PROJECTION_HELD = 'PROJECTION_HELD';

/**
 * Contracts with held events, in contract id order. The reason names the version that never
 * arrived (it was refused, or is not published yet) and how many later events wait behind it.
 */
export async function readHeldContracts(dataSource: DataSource): Promise<HeldContract[]> {
  const rows = (await dataSource.query(
    `SELECT h.stream_id AS contract_id, count(*)::int AS held, min(h.stream_version) AS first_held,
       coalesce(max(c.stream_version), 0) AS projected
     FROM invoicing.projection_pending_events AS h
     LEFT JOIN invoicing.projected_contracts AS c ON c.contract_id = h.stream_id
     GROUP BY h.stream_id ORDER BY h.stream_id`,
  )) as { contract_id: string; held: number; first_held: number; projected: number }[];
  return rows.map((row) => ({
    contractId: row.contract_id,
    reason:
      `${PROJECTION_HELD}: version ${row.projected + 1} of the contract's events never reached the projection ` +
      `(refused or not published); ${row.held} later event${row.held === 1 ? '' : 's'} from version ` +
      `${row.first_held} on wait behind it`,
  }));
}
