import { EventStore, NewEvent, StreamAppend } from '@app/event-store';
import { QueryRunner } from 'typeorm';
import type { CommandOptions, HandledCommand } from '../command-handler';
import { CONTRACT_STREAM_TYPE, loadContracts, toNewEvent } from '../contract-stream';
import { projectVersionedEvents } from '../contract-view.writer';
import { ContractRuleViolationError, VersionMismatchError } from '../contract.errors';
import { ContractCommand, ContractDecisionContext, idsNamedBy, toSnapshot } from '../domain';
import { claimIds, loadIdHolders } from '../taken-ids';
import {
  Recording,
  withoutTransactionIndex,
  withRecordedTransactionsOfEach,
} from '../transaction-fingerprints';
import { decideGroup, GroupOutcome, StreamWrite } from './command-group.decider';
import { ItemResult } from './group-committer';

/** A REST command waiting for its group, with its caller's `If-Match` and metadata. */
export interface SubmittedCommand {
  readonly command: ContractCommand;
  readonly options: CommandOptions;
}

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

function toResult(outcome: GroupOutcome): ItemResult<HandledCommand> {
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
 * One database transaction for a whole group of REST commands (see ADR 0009): every contract of
 * the group locked and loaded with one statement, the fingerprints of every transaction id it
 * records with one more, the holders of the ids it names with one more, the commands decided in
 * arrival order, the new ids claimed with one statement, and all events appended with one insert,
 * one snapshot per contract and the view rows written set-based. Answers each command with its own
 * result; a refused or stale command (an id another contract holds among them) is its caller's
 * error and writes nothing. Throws only when the transaction itself fails, or an id was claimed by
 * another writer meanwhile (the caller then handles each command alone).
 */
export async function commitCommandGroup(
  store: EventStore,
  runner: QueryRunner,
  group: readonly SubmittedCommand[],
  context: ContractDecisionContext,
  occurredAt: Date,
): Promise<ItemResult<HandledCommand>[]> {
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
  const { outcomes, writes } = decideGroup(loaded, grouped, { ...context, idHolders });
  const results = outcomes.map(toResult);
  if (writes.length === 0) return results;
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
  return results;
}
