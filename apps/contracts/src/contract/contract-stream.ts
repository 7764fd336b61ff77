import { ContractEvent, schemaVersionOf } from '@app/event-contracts';
import { EventStore, NewEvent, StoredEvent, StreamSnapshot, TransactionOptions } from '@app/event-store';
import { ContractState, evolveAll, fromSnapshot, initialState } from './domain';

/** The stream type of every contract stream (stream id = contract id). */
export const CONTRACT_STREAM_TYPE = 'Contract';

/** A contract as a command finds it: its state and the version a write must expect. */
export interface LoadedContract {
  readonly state: ContractState;
  /** Events in the stream; 0 when the contract does not exist. */
  readonly version: number;
}

export function toContractEvent(event: StoredEvent): ContractEvent {
  return { type: event.eventType, data: event.data } as ContractEvent;
}

export function toNewEvent(event: ContractEvent, occurredAt: Date): NewEvent {
  return { eventType: event.type, schemaVersion: schemaVersionOf(event.type), data: event.data, occurredAt };
}

type LoadOptions = TransactionOptions & { readonly forUpdate?: boolean };

/**
 * The state stored with the stream's last append. Only when that snapshot is missing or of an
 * older shape is the stream replayed (the next write stores a current snapshot).
 */
async function fromStream(
  store: EventStore,
  stream: StreamSnapshot | null | undefined,
  options: LoadOptions,
): Promise<LoadedContract> {
  if (!stream || stream.version === 0) return { state: initialState, version: 0 };
  const snapshotState = stream.snapshot === null ? null : fromSnapshot(stream.snapshot);
  if (snapshotState) return { state: snapshotState, version: stream.version };
  const events = await store.readStream(stream.streamId, { ...options, toVersion: stream.version });
  return { state: evolveAll(events.map(toContractEvent)), version: stream.version };
}

export async function loadContract(
  store: EventStore,
  contractId: string,
  options: LoadOptions = {},
): Promise<LoadedContract> {
  return fromStream(store, await store.loadSnapshot(contractId, options), options);
}

/**
 * `loadContract` for several contracts with one statement (with `forUpdate`, rows are locked in
 * contract-id order); a contract that does not exist is at version 0 with no state.
 */
export async function loadContracts(
  store: EventStore,
  contractIds: readonly string[],
  options: LoadOptions = {},
): Promise<Map<string, LoadedContract>> {
  const streams = await store.loadSnapshots(contractIds, options);
  const loaded = new Map<string, LoadedContract>();
  for (const contractId of new Set(contractIds))
    loaded.set(contractId, await fromStream(store, streams.get(contractId), options));
  return loaded;
}
