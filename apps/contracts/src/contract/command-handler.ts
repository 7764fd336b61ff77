import { Inject, Injectable, Logger } from '@nestjs/common';
import { ContractEvent } from '@app/event-contracts';
import { ConcurrencyError, EventMetadata, EventStore } from '@app/event-store';
import { businessDate, Clock, CLOCK, PLATFORM_CONFIG, PlatformConfig } from '@app/platform';
import { QueryRunner } from 'typeorm';
import { CONTRACT_STREAM_TYPE, LoadedContract, loadContract, toNewEvent } from './contract-stream';
import { projectContractEvents } from './contract-view.writer';
import {
  BatchItemViolation,
  ContractRuleViolationError,
  TransactionsRejectedError,
  VersionMismatchError,
} from './contract.errors';
import { ContractMetrics } from './contract.metrics';
import { commitCommandGroup, SubmittedCommand } from './group-commit/command-group.commit';
import { GroupCommitter, ItemResult, settle } from './group-commit/group-committer';
import { claimIds, IdClaimLostError, loadIdHolders } from './taken-ids';
import { withoutTransactionIndex, withRecordedTransactions } from './transaction-fingerprints';
import {
  ContractCommand,
  ContractDecisionContext,
  ContractState,
  decide,
  evolve,
  ExistingContract,
  IdHolders,
  idsNamedBy,
  RecordTransaction,
  toSnapshot,
} from './domain';

export interface CommandOptions {
  /** From `If-Match`: the version the writer last saw; any other current version is refused (412). */
  readonly expectedVersion?: number;
  /** Correlation and causation ids (and the command id) stored with the events. */
  readonly metadata?: EventMetadata;
}

export interface HandledCommand {
  readonly contract: ExistingContract;
  /** The stream version after the command (the contract's ETag). */
  readonly version: number;
  /** The events appended; none when the command repeated something already done. */
  readonly events: readonly ContractEvent[];
}

/** A create race (two writers, no `If-Match`) loses once; a few attempts always settle it. */
const MAX_ATTEMPTS = 4;

/** The most REST commands one database transaction takes (ADR 0009). */
const MAX_GROUP_SIZE = 100;

interface Decided {
  readonly state: ContractState;
  readonly events: readonly ContractEvent[];
}

function existing(state: ContractState): ExistingContract {
  if (!state.exists) throw new Error('a decided contract command left no contract behind');
  return state;
}

function batchItemViolation(index: number, error: ContractRuleViolationError): BatchItemViolation {
  const { code, message, field } = error.violation;
  const path = `transactions[${index}]`;
  return { index, field: field ? `${path}.${field}` : path, code, message };
}

/**
 * Load state → decide → append the events with the new snapshot and the view rows, all in one
 * transaction. The stream row is locked first (`FOR UPDATE`), so concurrent writers of a contract
 * queue up instead of deciding on the same version and failing; `If-Match` is checked against the
 * version found under that lock. Single REST commands are group-committed (ADR 0009): those that
 * arrive while a transaction runs share the next one.
 */
@Injectable()
export class ContractCommandHandler {
  private readonly logger = new Logger(ContractCommandHandler.name);
  private readonly committer = new GroupCommitter<SubmittedCommand, HandledCommand>(
    (group) => this.commitGroup(group),
    { maxGroupSize: MAX_GROUP_SIZE },
  );

  constructor(
    private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly metrics: ContractMetrics,
  ) {}

  /**
   * One REST command, committed with the others that arrive while a transaction runs; answered with
   * its own result. Throws the rule it breaks as a `DomainError`.
   */
  async handle(command: ContractCommand, options: CommandOptions = {}): Promise<HandledCommand> {
    const handled = await this.counted(command.type, 1, () => this.committer.submit({ command, options }));
    this.metrics.eventsAppended(handled.events);
    return handled;
  }

  /**
   * Records many transactions on one contract in one transaction, all or nothing: when any is
   * refused, none is recorded and every refused one is named (`transactions[3].quantity`).
   */
  async handleBatch(
    contractId: string,
    commands: readonly RecordTransaction[],
    options: CommandOptions = {},
  ): Promise<HandledCommand> {
    const handled = await this.counted('RecordTransaction', commands.length, () =>
      this.withRetries(() =>
        this.store.withTransaction(async (runner) => {
          const ids = commands.map((command) => command.data.transactionId);
          const loaded = await this.load(runner, contractId, options, ids);
          const idHolders = await loadIdHolders(runner, commands.flatMap(idsNamedBy));
          const decided = this.decideAll(loaded.state, commands, idHolders);
          return this.commit(runner, contractId, loaded, decided, options);
        }),
      ),
    );
    this.metrics.eventsAppended(handled.events);
    return handled;
  }

  /**
   * Inside the caller's transaction (the command topic's batch); counting is the caller's. An id
   * another contract took while this command was decided is refused like one taken before
   * (`ID_TAKEN`), and the caller's transaction may go on.
   */
  async handleIn(
    runner: QueryRunner,
    command: ContractCommand,
    options: CommandOptions = {},
  ): Promise<HandledCommand> {
    const contractId = command.data.contractId;
    const recording = command.type === 'RecordTransaction' ? [command.data.transactionId] : [];
    const loaded = await this.load(runner, contractId, options, recording);
    const idHolders = await loadIdHolders(runner, idsNamedBy(command));
    const decision = decide(command, loaded.state, this.context(idHolders));
    if (!decision.ok) throw new ContractRuleViolationError(decision.violation);
    const state = decision.events.reduce(evolve, loaded.state);
    try {
      return await this.commit(runner, contractId, loaded, { state, events: decision.events }, options);
    } catch (error) {
      if (error instanceof IdClaimLostError) throw new ContractRuleViolationError(error.violation);
      throw error;
    }
  }

  /** Locks the stream row, checks If-Match, and adds the fingerprints of the transactions about to be recorded. */
  private async load(
    runner: QueryRunner,
    contractId: string,
    options: CommandOptions,
    recording: readonly string[],
  ): Promise<LoadedContract> {
    const loaded = await loadContract(this.store, contractId, { queryRunner: runner, forUpdate: true });
    const { expectedVersion } = options;
    if (expectedVersion !== undefined && expectedVersion !== loaded.version) {
      throw new VersionMismatchError(expectedVersion, loaded.version);
    }
    return { ...loaded, state: await withRecordedTransactions(runner, loaded.state, recording) };
  }

  private decideAll(
    initial: ContractState,
    commands: readonly RecordTransaction[],
    idHolders: IdHolders,
  ): Decided {
    const context = this.context(idHolders);
    const events: ContractEvent[] = [];
    const violations: BatchItemViolation[] = [];
    let state = initial;
    commands.forEach((command, index) => {
      const decision = decide(command, state, context);
      if (!decision.ok) {
        // An unknown contract is one refusal, not one per item.
        if (decision.violation.code === 'CONTRACT_NOT_FOUND')
          throw new ContractRuleViolationError(decision.violation);
        violations.push(batchItemViolation(index, new ContractRuleViolationError(decision.violation)));
        return;
      }
      for (const event of decision.events) {
        state = evolve(state, event);
        events.push(event);
      }
    });
    if (violations.length > 0) throw new TransactionsRejectedError(violations);
    return { state, events };
  }

  private async commit(
    runner: QueryRunner,
    contractId: string,
    loaded: LoadedContract,
    decided: Decided,
    options: CommandOptions,
  ): Promise<HandledCommand> {
    const { state, events } = decided;
    if (events.length === 0) return { contract: existing(loaded.state), version: loaded.version, events };
    // Claimed before the append, so that a lost claim leaves nothing behind in the caller's transaction.
    await claimIds(runner, [{ contractId, events }]);
    const occurredAt = this.clock.now();
    const { nextVersion } = await this.store.append(
      contractId,
      CONTRACT_STREAM_TYPE,
      loaded.version,
      events.map((event) => toNewEvent(event, occurredAt)),
      {
        queryRunner: runner,
        snapshot: toSnapshot(withoutTransactionIndex(state)),
        metadata: options.metadata,
      },
    );
    await projectContractEvents(runner, events, nextVersion - events.length + 1);
    return { contract: existing(state), version: nextVersion, events };
  }

  /**
   * A group in one transaction. When that transaction fails (a database error, a create race with
   * another replica, a bug that one command runs into), each command is handled alone, so no caller
   * gets another caller's error.
   */
  private async commitGroup(group: readonly SubmittedCommand[]): Promise<ItemResult<HandledCommand>[]> {
    try {
      return await this.store.withTransaction((runner) =>
        commitCommandGroup(this.store, runner, group, this.context(), this.clock.now()),
      );
    } catch (error) {
      // A create race or an id claim lost to another writer is expected; anything else is worth a look.
      const level = error instanceof ConcurrencyError || error instanceof IdClaimLostError ? 'debug' : 'warn';
      this.logger[level](
        `a group of ${group.length} commands failed (${String(error)}); handling each alone`,
      );
      const results: ItemResult<HandledCommand>[] = [];
      for (const { command, options } of group)
        results.push(await settle(this.handleAlone(command, options)));
      return results;
    }
  }

  private handleAlone(command: ContractCommand, options: CommandOptions): Promise<HandledCommand> {
    return this.withRetries(() =>
      this.store.withTransaction((runner) => this.handleIn(runner, command, options)),
    );
  }

  private context(idHolders?: IdHolders): ContractDecisionContext {
    return { today: businessDate(this.clock.now(), this.config.businessTimeZone), idHolders };
  }

  private async withRetries<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        // The next attempt loads the winner's version and re-checks If-Match against it, and finds
        // an id another contract claimed meanwhile taken (a batch then names the items that lost).
        const retried = error instanceof ConcurrencyError || error instanceof IdClaimLostError;
        if (!retried || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async counted<T extends HandledCommand>(
    commandType: string,
    count: number,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      const handled = await work();
      const outcome = handled.events.length > 0 ? 'applied' : 'unchanged';
      this.metrics.commandHandled(commandType, 'rest', outcome, count);
      return handled;
    } catch (error) {
      const refused =
        error instanceof ContractRuleViolationError || error instanceof TransactionsRejectedError;
      if (refused || error instanceof VersionMismatchError)
        this.metrics.commandHandled(commandType, 'rest', 'rejected', count);
      throw error;
    }
  }
}
