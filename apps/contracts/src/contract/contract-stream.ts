import { ContractEvent } from '@app/event-contracts';
import { EventStore, NewEvent, StoredEvent, TransactionOptions } from '@app/event-store';
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
  return { eventType: event.type, data: event.data, occurredAt };
}

/**
 * Loads the state stored with the stream's last append. Only when that snapshot is missing or of
 * an older shape is the stream replayed (the next write stores a current snapshot).
 */
export async function loadContract(
  store: EventStore,
  contractId: string,
  options: TransactionOptions & { readonly forUpdate?: boolean } = {},
): Promise<LoadedContract> {
  const stream = await store.loadSnapshot(contractId, options);
  if (!stream || stream.version === 0) return { state: initialState, version: 0 };
  const snapshotState = stream.snapshot === null ? null : fromSnapshot(stream.snapshot);
  if (snapshotState) return { state: snapshotState, version: stream.version };
  const events = await store.readStream(contractId, { ...options, toVersion: stream.version });
  return { state: evolveAll(events.map(toContractEvent)), version: stream.version };
}
