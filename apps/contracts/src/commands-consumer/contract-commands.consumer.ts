import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  BatchErrorPassThrough,
  BatchHandlingResult,
  BatchPatternExtras,
  IdempotencyGuard,
  InvalidMessageError,
  ParsedMessage,
  RejectedMessage,
} from '@app/event-store';
import { QueryRunner } from 'typeorm';
import {
  CommandOutcome,
  ContractCommandHandler,
  ContractMetrics,
  ContractRuleViolationError,
} from '../contract';
import { ContractCommandMessage, parseContractCommand } from './contract-command.parser';

/** The consumer name under which handled command ids are recorded in `processed_messages`. */
export const COMMANDS_CONSUMER = 'contracts.commands';

function refusal(
  message: ParsedMessage<ContractCommandMessage>,
  error: ContractRuleViolationError,
): RejectedMessage<ContractCommandMessage> {
  const { code, message: reason, field } = error.violation;
  const text = field ? `data.${field}: ${reason}` : reason;
  return { message, error: new InvalidMessageError(code, text, field && `data.${field}`) };
}

/**
 * The `contracts.commands` intake. Each fetched batch is applied in one database transaction; a
 * command id is recorded in `processed_messages` in that same transaction, so a redelivered or
 * duplicated command changes nothing. Malformed or refused commands go to `contracts.commands.dlq`
 * with their original bytes, written before their ids and offsets commit; the consumer moves on.
 * Database failures roll back and retry.
 */
@Controller()
@UseFilters(BatchErrorPassThrough)
export class ContractCommandsConsumer {
  constructor(
    private readonly handler: ContractCommandHandler,
    private readonly guard: IdempotencyGuard,
    private readonly metrics: ContractMetrics,
  ) {}

  @EventPattern(COMMANDS_CONSUMER, {
    groupId: 'contracts.commands-intake',
    topics: ['contractCommands'],
    // A new group starts at the oldest command kept: commands are applied once by id anyway.
    fromBeginning: true,
    deadLetterTopic: 'contractCommandsDlq',
    parse: (message) => parseContractCommand(message.value),
    metrics: true,
  } satisfies BatchPatternExtras<ContractCommandMessage>)
  async handleBatch(
    @Payload() messages: readonly ParsedMessage<ContractCommandMessage>[],
    @Ctx() queryRunner: QueryRunner,
  ): Promise<BatchHandlingResult<ContractCommandMessage>> {
    const rejected: RejectedMessage<ContractCommandMessage>[] = [];
    const outcomes: [string, CommandOutcome][] = [];
    for (const message of messages) {
      const { commandId, command, correlationId } = message.payload;
      // A refused command stays recorded too; the batch consumer writes its dead letter before this
      // transaction commits, so the id is never recorded without its letter (ADR 0008).
      if (!(await this.guard.tryMarkProcessed(COMMANDS_CONSUMER, commandId, queryRunner))) continue;
      try {
        const metadata = { commandId, correlationId, causationId: commandId };
        const handled = await this.handler.handleIn(queryRunner, command, { metadata });
        outcomes.push([command.type, handled.events.length > 0 ? 'applied' : 'unchanged']);
        this.metrics.eventsAppended(handled.events);
      } catch (error) {
        if (!(error instanceof ContractRuleViolationError)) throw error;
        rejected.push(refusal(message, error));
        outcomes.push([command.type, 'rejected']);
      }
    }
    for (const [type, outcome] of outcomes) this.metrics.commandHandled(type, 'kafka', outcome);
    return { rejected };
  }
}
