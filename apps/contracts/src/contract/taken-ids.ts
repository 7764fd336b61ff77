import { ContractEvent } from '@app/event-contracts';
import { QueryRunner } from 'typeorm';
import {
  GlobalId,
  globalIdKey,
  GlobalIdKind,
  IdHolders,
  idsCreatedBy,
  idTaken,
  RuleViolation,
} from './domain';

/*
 * `taken_ids` holds each line, milestone and transaction id with the contract that took it (ADR
 * 0008, "Global ids"). The decider refuses an id it is told another contract holds; the claim
 * below, in the append's transaction, is what holds under a race: of two transactions inserting
 * one id, the second waits for the first and finds the id taken once it commits.
 */

interface HolderRow {
  readonly kind: GlobalIdKind;
  readonly id: string;
  readonly contractId: string;
}

function unique(ids: readonly GlobalId[]): GlobalId[] {
  return [...new Map(ids.map((id) => [globalIdKey(id), id])).values()];
}

/** Which contract holds each of `ids` (one primary key probe per id). */
export async function loadIdHolders(runner: QueryRunner, ids: readonly GlobalId[]): Promise<IdHolders> {
  const wanted = unique(ids);
  if (wanted.length === 0) return new Map();
  const rows: HolderRow[] = await runner.query(
    `SELECT t.kind, t.id, t.contract_id AS "contractId"
     FROM unnest($1::text[], $2::text[]) AS wanted (kind, id)
     JOIN taken_ids t ON t.kind = wanted.kind AND t.id = wanted.id`,
    [wanted.map((w) => w.kind), wanted.map((w) => w.id)],
  );
  return new Map(rows.map((row) => [globalIdKey(row), row.contractId]));
}

/** A claim found an id taken by a transaction that committed after the decision was made. */
export class IdClaimLostError extends Error {
  override readonly name = 'IdClaimLostError';

  constructor(readonly lost: readonly GlobalId[]) {
    super(`ids taken meanwhile by another contract: ${lost.map(globalIdKey).join(', ')}`);
  }

  /** The refusal the command gets: the first id it lost. */
  get violation(): RuleViolation {
    return idTaken(this.lost[0]);
  }
}

/** The ids events of a contract give it. */
export interface IdClaim {
  readonly contractId: string;
  readonly events: readonly ContractEvent[];
}

/**
 * Claims every id the events create for their contract, in one statement, in key order (two
 * writers claiming overlapping sets wait for each other instead of deadlocking). When another
 * contract took one meanwhile, the ids this call claimed are released again (the caller's
 * transaction may go on, as a command-topic batch does) and `IdClaimLostError` is thrown.
 */
export async function claimIds(runner: QueryRunner, claims: readonly IdClaim[]): Promise<void> {
  const rows = claims.flatMap(({ contractId, events }) =>
    events.flatMap(idsCreatedBy).map((id) => ({ ...id, contractId })),
  );
  if (rows.length === 0) return;
  const claimed: { kind: GlobalIdKind; id: string }[] = await runner.query(
    `INSERT INTO taken_ids (kind, id, contract_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS claim (kind, id, contract_id)
     ORDER BY kind, id
     ON CONFLICT DO NOTHING
     RETURNING kind, id`,
    [rows.map((r) => r.kind), rows.map((r) => r.id), rows.map((r) => r.contractId)],
  );
  if (claimed.length === rows.length) return;
  const mine = new Set(claimed.map(globalIdKey));
  const lost = rows.filter((row) => !mine.has(globalIdKey(row))).map(({ kind, id }) => ({ kind, id }));
  if (claimed.length > 0) {
    await runner.query(
      `DELETE FROM taken_ids t USING unnest($1::text[], $2::text[]) AS mine (kind, id)
       WHERE t.kind = mine.kind AND t.id = mine.id`,
      [claimed.map((c) => c.kind), claimed.map((c) => c.id)],
    );
  }
  throw new IdClaimLostError(lost);
}
