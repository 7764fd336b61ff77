import { EventStore, NewEvent, StreamAppend } from '@app/event-store';
import { QueryRunner } from 'typeorm';
import { CONTRACT_STREAM_TYPE, loadContracts, toNewEvent } from '../contract-stream';
import { projectVersionedEvents } from '../contract-view.writer';
import { ContractRuleViolationError, VersionMismatchError } from '../contract.errors';
import { ContractDecisionContext, idsNamedBy, toSnapshot } from '../domain';
import { HandledCommand, SubmittedCommand } from '../handled-command';
import { claimIds, loadIdHolders } from '../taken-ids';
import {
  Recording,
  withoutTransactionIndex,
  withRecordedTransactionsOfEach,
} from '../transaction-fingerprints';
import { decideGroup, GroupDecision, GroupOutcome, StreamWrite } from './command-group.decider';
import { ItemResult } from './group-committer';

function recordings(group: readonly SubmittedCommand[]): Recording[] {
  return group.flatMap(({ command }) =>
    command.type === 'RecordTransaction'
      ? [{ contractId: command.data.contractId, transactionId: command.data.transactionId }]
      : [],
  );
}

function toAppend(write: StreamWrite, group: readonly SubmittedCommand[], occurredAt: Date): StreamAppend {
  const events: NewEvent[] = write.events.map(({ event, commandIndex }) => ({
    ...toNewEvent(event, occurredAt),
    // Each event carries its own command's correlation: a group is no one's cause.
    metadata: group[commandIndex].options.metadata,
  }));
  return {
    streamId: write.contractId,
    streamType: CONTRACT_STREAM_TYPE,
    expectedVersion: write.loadedVersion,
    events,
    snapshot: toSnapshot(withoutTransactionIndex(write.state)),
  };
}

export function toResult(outcome: GroupOutcome): ItemResult<HandledCommand> {
  switch (outcome.kind) {
    case 'refused':
      return { status: 'rejected', reason: new ContractRuleViolationError(outcome.violation) };
    case 'stale':
      return {
        status: 'rejected',
        reason: new VersionMismatchError(outcome.expectedVersion, outcome.actualVersion),
      };
    case 'decided': {
      const { state, version, events } = outcome;
      if (!state.exists) throw new Error('a decided contract command left no contract behind');
      return { status: 'fulfilled', value: { contract: state, version, events } };
    }
  }
}

/**
 * The one command path of the contracts service (ADR 0009): REST commands one by one (group
 * committed), a REST batch of transactions, and the command topic's records all come here, as a
 * group of one or more commands in the caller's transaction. Every contract of the group is locked
 * and loaded with one statement, the fingerprints of every transaction id it records with one
 * more, the holders of the ids it names with one more, and the commands decided in arrival order
 * (`If-Match` checked there, against the version the group's earlier commands left).
 * `writeCommandGroup` then claims the new ids with one statement and appends all events with one
 * insert, one snapshot per contract and the view rows written set-based.
 */
export async function decideCommandGroup(
  store: EventStore,
  runner: QueryRunner,
  group: readonly SubmittedCommand[],
  context: ContractDecisionContext,
): Promise<GroupDecision> {
  const contractIds = group.map(({ command }) => command.data.contractId);
  const locked = await loadContracts(store, contractIds, { queryRunner: runner, forUpdate: true });
  const loaded = await withRecordedTransactionsOfEach(runner, locked, recordings(group));
  const grouped = group.map(({ command, options }) => ({
    command,
    expectedVersion: options.expectedVersion,
  }));
  const idHolders = await loadIdHolders(
    runner,
    group.flatMap(({ command }) => idsNamedBy(command)),
  );
  return decideGroup(loaded, grouped, { ...context, idHolders });
}

/**
 * Appends what a decided group writes. Throws `IdClaimLostError` before appending anything when
 * another writer claimed one of the new ids meanwhile, so the caller's transaction may go on.
 */
export async function writeCommandGroup(
  store: EventStore,
  runner: QueryRunner,
  group: readonly SubmittedCommand[],
  writes: readonly StreamWrite[],
  occurredAt: Date,
): Promise<void> {
  if (writes.length === 0) return;
  await claimIds(
    runner,
    writes.map(({ contractId, events }) => ({ contractId, events: events.map(({ event }) => event) })),
  );
  await store.appendMany(
    writes.map((write) => toAppend(write, group, occurredAt)),
    { queryRunner: runner },
  );
  await projectVersionedEvents(
    runner,
    writes.flatMap(({ events, loadedVersion }) =>
      events.map(({ event }, index) => ({ event, streamVersion: loadedVersion + 1 + index })),
    ),
  );
}

/**
 * A group decided and written: each command answered with its own result; a refused or stale
 * command (an id another contract holds among them) is its caller's error and writes nothing.
 * Throws only when the transaction itself fails, or an id was claimed by another writer meanwhile.
 */
export async function commitCommandGroup(
  store: EventStore,
  runner: QueryRunner,
  group: readonly SubmittedCommand[],
  context: ContractDecisionContext,
  occurredAt: Date,
): Promise<ItemResult<HandledCommand>[]> {
  const { outcomes, writes } = await decideCommandGroup(store, runner, group, context);
  const results = outcomes.map(toResult);
  await writeCommandGroup(store, runner, group, writes, occurredAt);
  return results;
}
