import { ContractCommandType, TopicNames } from '@app/event-contracts';
import { Kafka, Producer } from 'kafkajs';

export interface ContractCommand {
  readonly commandId: string;
  readonly commandType: ContractCommandType;
  readonly data: Record<string, unknown>;
}

/**
 * An upstream system publishing command envelopes (docs/product.md 4.3) to `contracts.commands`, keyed by
 * contract.
 */
export class ContractCommandsProducer {
  private producer: Producer | null = null;

  constructor(
    private readonly topics: TopicNames,
    private readonly kafka: Kafka,
  ) {}

  async send(commands: readonly ContractCommand[]): Promise<void> {
    if (this.producer === null) {
      this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await this.producer.connect();
    }
    await this.producer.send({
      topic: this.topics.contractCommands,
      messages: commands.map((command) => ({
        key: String(command.data.contractId),
        value: JSON.stringify(command),
      })),
    });
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = null;
  }
}
