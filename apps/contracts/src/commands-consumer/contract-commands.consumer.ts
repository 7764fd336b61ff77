import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import {
  BatchConsumer,
  BatchHandlingResult,
  IdempotencyGuard,
  InvalidMessageError,
  ParsedMessage,
  RejectedMessage,
  CONSUMER_CLIENT_RETRY,
} from '@app/event-store';
import { createKafka, PLATFORM_CONFIG, PlatformConfig, TopicProvisioner } from '@app/platform';
import { Kafka } from 'kafkajs';
import { DataSource, QueryRunner } from 'typeorm';
import { BackgroundConsumer } from '../kafka/background-consumer';
import { ContractCommandHandler } from '../contract/command-handler';
import { ContractRuleViolationError } from '../contract/contract.errors';
import { CommandOutcome, ContractMetrics } from '../contract/contract.metrics';
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
 * with their original bytes; the consumer moves on. Database failures roll back and retry.
 */
@Injectable()
export class ContractCommandsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runner: BackgroundConsumer;

  /** A client of its own, which keeps reconnecting through a broker restart (see the retry). */
  private readonly kafka: Kafka;

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly dataSource: DataSource,
    private readonly topics: TopicProvisioner,
    private readonly handler: ContractCommandHandler,
    private readonly guard: IdempotencyGuard,
    private readonly metrics: ContractMetrics,
  ) {
    this.kafka = createKafka(config.kafka, config.logLevel, { retry: CONSUMER_CLIENT_RETRY });
    this.runner = new BackgroundConsumer(COMMANDS_CONSUMER, () => this.createConsumer());
  }

  onApplicationBootstrap(): void {
    this.runner.start(this.topics.ready());
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }

  private createConsumer(): BatchConsumer<ContractCommandMessage> {
    const { topics, topicPrefix } = this.config.kafka;
    return new BatchConsumer<ContractCommandMessage>({
      kafka: this.kafka,
      dataSource: this.dataSource,
      groupId: `${topicPrefix}contracts.commands-intake`,
      topics: [topics.contractCommands],
      // A new group starts at the oldest command kept: commands are applied once by id anyway.
      fromBeginning: true,
      deadLetterTopic: topics.contractCommandsDlq,
      parse: (message) => parseContractCommand(message.value),
      handleBatch: (messages, queryRunner) => this.handleBatch(messages, queryRunner),
      metrics: this.metrics.consumer(topics.contractCommands),
    });
  }

  private async handleBatch(
    messages: readonly ParsedMessage<ContractCommandMessage>[],
    queryRunner: QueryRunner,
  ): Promise<BatchHandlingResult<ContractCommandMessage>> {
    const rejected: RejectedMessage<ContractCommandMessage>[] = [];
    const outcomes: [string, CommandOutcome][] = [];
    for (const message of messages) {
      const { commandId, command, correlationId } = message.payload;
      // A refused command stays recorded too: redelivered, it is not dead-lettered twice.
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
