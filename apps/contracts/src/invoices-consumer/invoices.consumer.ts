import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BatchConsumer, IdempotencyGuard, ParsedMessage, CONSUMER_CLIENT_RETRY } from '@app/event-store';
import { createKafka, PLATFORM_CONFIG, PlatformConfig, TopicProvisioner } from '@app/platform';
import { Kafka } from 'kafkajs';
import { DataSource, QueryRunner } from 'typeorm';
import { ContractMetrics } from '../contract/contract.metrics';
import { BackgroundConsumer } from '../kafka/background-consumer';
import { projectInvoiceEvent } from './contract-invoice-view.projector';
import { InvoiceEventMessage, parseInvoiceEvent } from './invoice-event.parser';

/** The consumer name under which applied invoice event ids are recorded in `processed_messages`. */
export const INVOICES_CONSUMER = 'contracts.invoice-view';

/**
 * Reads `invoicing.invoices` into the contract view: milestone invoice statuses, transaction
 * billing statuses and which schedule runs produced an invoice. Each event is applied once, by
 * its id, in the transaction of its batch; unreadable records go to `contracts.invoices.dlq`.
 */
@Injectable()
export class InvoicesConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runner: BackgroundConsumer;

  /** A client of its own, which keeps reconnecting through a broker restart (see the retry). */
  private readonly kafka: Kafka;

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly dataSource: DataSource,
    private readonly topics: TopicProvisioner,
    private readonly guard: IdempotencyGuard,
    private readonly metrics: ContractMetrics,
  ) {
    this.kafka = createKafka(config.kafka, config.logLevel, { retry: CONSUMER_CLIENT_RETRY });
    this.runner = new BackgroundConsumer(INVOICES_CONSUMER, () => this.createConsumer());
  }

  onApplicationBootstrap(): void {
    this.runner.start(this.topics.ready());
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }

  private createConsumer(): BatchConsumer<InvoiceEventMessage> {
    const { topics, topicPrefix } = this.config.kafka;
    return new BatchConsumer<InvoiceEventMessage>({
      kafka: this.kafka,
      dataSource: this.dataSource,
      groupId: `${topicPrefix}contracts.invoice-view`,
      topics: [topics.invoices],
      // A new group rebuilds the statuses from every invoice event kept.
      fromBeginning: true,
      deadLetterTopic: topics.contractInvoicesDlq,
      parse: (message) => parseInvoiceEvent(message.value),
      handleBatch: (messages, queryRunner) => this.handleBatch(messages, queryRunner),
      metrics: this.metrics.consumer(topics.invoices),
    });
  }

  private async handleBatch(
    messages: readonly ParsedMessage<InvoiceEventMessage>[],
    queryRunner: QueryRunner,
  ): Promise<void> {
    const ids = messages.map((message) => message.payload.eventId);
    const fresh = await this.guard.markProcessedMany(INVOICES_CONSUMER, ids, queryRunner);
    for (const { payload } of messages) {
      // Applied in topic order; a duplicate within the batch finds its id already taken.
      if (!fresh.delete(payload.eventId) || payload.event === null) continue;
      await projectInvoiceEvent(queryRunner, payload.event);
    }
  }
}
