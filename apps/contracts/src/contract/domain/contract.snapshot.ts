import { ContractState } from './contract.state';

/**
 * The contract state as stored beside its stream, written in the same transaction as the events
 * it reflects, so that loading a contract never replays thousands of transactions.
 *
 * Bump the version whenever `ContractState` or the transaction fingerprint changes shape: an older
 * snapshot then reads as `null` and the caller rebuilds the state from the stream (and stores a new
 * snapshot), instead of deciding on a state it misreads.
 */
export const CONTRACT_SNAPSHOT_VERSION = 1;

export interface ContractSnapshot {
  readonly snapshotVersion: number;
  readonly state: ContractState;
}

/** A plain JSON value: the state holds no Map, Set, bigint, Date or undefined. */
export function toSnapshot(state: ContractState): ContractSnapshot {
  return { snapshotVersion: CONTRACT_SNAPSHOT_VERSION, state };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The state of a current snapshot (as parsed JSON or as JSON text), or `null` when it must be rebuilt. */
export function fromSnapshot(json: unknown): ContractState | null {
  const snapshot: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  if (!isRecord(snapshot) || snapshot.snapshotVersion !== CONTRACT_SNAPSHOT_VERSION) return null;
  const state = snapshot.state;
  if (!isRecord(state) || typeof state.exists !== 'boolean') return null;
  return state as unknown as ContractState;
}
