import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConcurrencyError, EventStore } from '@app/event-store';
import { businessDate, Clock, CLOCK, PLATFORM_CONFIG, PlatformConfig } from '@app/platform';
import { QueryRunner } from 'typeorm';
import {
  BatchItemViolation,
  ContractRuleViolationError,
  TransactionsRejectedError,
  VersionMismatchError,
} from './contract.errors';
import { ContractMetrics } from './contract.metrics';
import {
  commitCommandGroup,
  decideCommandGroup,
  toResult,
  writeCommandGroup,
} from './group-commit/command-group.commit';
import { GroupOutcome } from './group-commit/command-group.decider';
import { GroupCommitter, ItemResult, settle } from './group-commit/group-committer';
import { CommandOptions, HandledCommand, SubmittedCommand } from './handled-command';
import { IdClaimLostError } from './taken-ids';
import { ContractCommand, ContractDecisionContext, RecordTransaction } from './domain';

export type { CommandOptions, HandledCommand } from './handled-command';

/** A create race (two writers, no `If-Match`) loses once; a few attempts always settle it. */
const MAX_ATTEMPTS = 4;

/** The most REST commands one database transaction takes (ADR 0009). */
const MAX_GROUP_SIZE = 100;

function batchItemViolation(index: number, outcome: GroupOutcome & { kind: 'refused' }): BatchItemViolation {
  const { code, message, field } = outcome.violation;
  const path = `transactions[${index}]`;
  return { index, field: field ? `${path}.${field}` : path, code, message };
}

/**
 * A batch's outcomes as one all-or-nothing answer: its `If-Match` (carried by the first command)
 * stale is a 412, an unknown contract one refusal rather than one per item, and otherwise every
 * refused item is named (`transactions[3].quantity`).
 */
function batchResult(outcomes: readonly GroupOutcome[]): HandledCommand {
  const [first] = outcomes;
  if (first.kind === 'stale') throw new VersionMismatchError(first.expectedVersion, first.actualVersion);
  if (first.kind === 'refused' && first.violation.code === 'CONTRACT_NOT_FOUND')
    throw new ContractRuleViolationError(first.violation);
  const violations = outcomes.flatMap((outcome, index) =>
    outcome.kind === 'refused' ? [batchItemViolation(index, outcome)] : [],
  );
  if (violations.length > 0) throw new TransactionsRejectedError(violations);
  const last = toResult(outcomes[outcomes.length - 1]);
  if (last.status === 'rejected') throw last.reason;
  const events = outcomes.flatMap((outcome) => (outcome.kind === 'decided' ? outcome.events : []));
  return { ...last.value, events };
}

/**
 * Load state → decide → append the events with the new snapshot and the view rows, all in one
 * transaction, through the one command path (`group-commit/command-group.commit.ts`) whoever
 * sends the command. The stream rows are locked first (`FOR UPDATE`), so concurrent writers of a
 * contract queue up instead of deciding on the same version and failing; `If-Match` is checked
 * against the version found under that lock. Single REST commands are group-committed (ADR 0009):
 * those that arrive while a transaction runs share the next one.
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
    if (commands.some((command) => command.data.contractId !== contractId))
      throw new Error('a batch records transactions on one contract');
    // The batch's If-Match is the version before it, so only its first command carries it.
    const group = commands.map((command, index) => ({
      command,
      options: index === 0 ? options : { metadata: options.metadata },
    }));
    const handled = await this.counted('RecordTransaction', commands.length, () =>
      this.withRetries(() =>
        this.store.withTransaction(async (runner) => {
          const { outcomes, writes } = await decideCommandGroup(this.store, runner, group, this.context());
          const result = batchResult(outcomes);
          await writeCommandGroup(this.store, runner, group, writes, this.clock.now());
          return result;
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
    try {
      const [result] = await commitCommandGroup(
        this.store,
        runner,
        [{ command, options }],
        this.context(),
        this.clock.now(),
      );
      if (result.status === 'rejected') throw result.reason;
      return result.value;
    } catch (error) {
      if (error instanceof IdClaimLostError) throw new ContractRuleViolationError(error.violation);
      throw error;
    }
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

  private context(): ContractDecisionContext {
    return { today: businessDate(this.clock.now(), this.config.businessTimeZone) };
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
