import { ContractEvent } from '@app/event-contracts';
import type { LoadedContract } from '../contract-stream';
import {
  ContractCommand,
  ContractDecisionContext,
  ContractState,
  decide,
  evolve,
  globalIdKey,
  idsCreatedBy,
  initialState,
  RuleViolation,
} from '../domain';

/** A command of a group with the `If-Match` version its caller sent, if any. */
export interface GroupedCommand {
  readonly command: ContractCommand;
  readonly expectedVersion?: number;
}

/** What became of one command: decided (events, possibly none), refused by a rule, or stale (412). */
export type GroupOutcome =
  | {
      readonly kind: 'decided';
      readonly events: readonly ContractEvent[];
      /** The contract and its stream version right after this command (its ETag). */
      readonly state: ContractState;
      readonly version: number;
    }
  | { readonly kind: 'refused'; readonly violation: RuleViolation }
  | { readonly kind: 'stale'; readonly expectedVersion: number; readonly actualVersion: number };

/** An event of a group with the index of the command that decided it (whose metadata it carries). */
export interface GroupEvent {
  readonly event: ContractEvent;
  readonly commandIndex: number;
}

/** What a group appends to one contract stream. */
export interface StreamWrite {
  readonly contractId: string;
  /** The version the stream was loaded at: the append's expected version. */
  readonly loadedVersion: number;
  readonly events: readonly GroupEvent[];
  /** The state after the last of them, stored as the snapshot. */
  readonly state: ContractState;
}

export interface GroupDecision {
  /** One per command, in the order given. */
  readonly outcomes: readonly GroupOutcome[];
  /** One per contract that gets events, in the order contracts first appear in the group. */
  readonly writes: readonly StreamWrite[];
}

interface Stream {
  readonly loadedVersion: number;
  state: ContractState;
  version: number;
  readonly events: GroupEvent[];
}

/**
 * Decides a group of commands in arrival order, each against its contract as the group's earlier
 * commands left it: exactly what one-at-a-time handling would have decided, had the commands
 * arrived in this order. A refused or stale command changes nothing and its neighbours go on. An id
 * an earlier command of the group gave to one contract is held by it for the later ones.
 * Pure: the caller loads `loaded` (every contract of the group; one not given does not exist) and
 * appends the writes.
 */
export function decideGroup(
  loaded: ReadonlyMap<string, LoadedContract>,
  commands: readonly GroupedCommand[],
  context: ContractDecisionContext,
): GroupDecision {
  const streams = new Map<string, Stream>();
  const streamOf = (contractId: string): Stream => {
    let stream = streams.get(contractId);
    if (!stream) {
      const { state, version } = loaded.get(contractId) ?? { state: initialState, version: 0 };
      stream = { loadedVersion: version, state, version, events: [] };
      streams.set(contractId, stream);
    }
    return stream;
  };
  const idHolders = new Map(context.idHolders);
  const groupContext = { ...context, idHolders };
  const outcomes = commands.map(({ command, expectedVersion }, commandIndex): GroupOutcome => {
    const stream = streamOf(command.data.contractId);
    if (expectedVersion !== undefined && expectedVersion !== stream.version)
      return { kind: 'stale', expectedVersion, actualVersion: stream.version };
    const decision = decide(command, stream.state, groupContext);
    if (!decision.ok) return { kind: 'refused', violation: decision.violation };
    for (const event of decision.events) {
      stream.state = evolve(stream.state, event);
      stream.events.push({ event, commandIndex });
      for (const id of idsCreatedBy(event)) idHolders.set(globalIdKey(id), command.data.contractId);
    }
    stream.version += decision.events.length;
    return { kind: 'decided', events: decision.events, state: stream.state, version: stream.version };
  });
  const writes = [...streams]
    .filter(([, stream]) => stream.events.length > 0)
    .map(([contractId, { loadedVersion, events, state }]) => ({ contractId, loadedVersion, events, state }));
  return { outcomes, writes };
}
