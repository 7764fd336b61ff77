import {
  EventEnvelope,
  InvoiceEventEnvelope,
  ProcessRunEventEnvelope,
  TopicNames,
} from '@app/event-contracts';
import { ConsumedMessage, consumeAll } from '@app/testing';
import { Kafka } from 'kafkajs';

export type InvoiceEventMessage = ConsumedMessage<InvoiceEventEnvelope>;
export type ProcessRunEventMessage = ConsumedMessage<ProcessRunEventEnvelope>;

/** Joining a fresh consumer group and reading six partitions takes a few seconds. */
const READ_TIMEOUT_MS = 30_000;

const dataOf = (message: ConsumedMessage<EventEnvelope>): Record<string, unknown> =>
  (message.value?.data ?? {}) as Record<string, unknown>;

/**
 * What the downstream ERP sees: `invoicing.invoices` and `invoicing.process-runs`, read from the
 * beginning by a plain kafkajs consumer of a throw-away group.
 */
export class InvoiceTopicsReader {
  constructor(
    private readonly topics: TopicNames,
    private readonly kafka: Kafka,
  ) {}

  /** The invoice events of one contract, once `until` holds for them. */
  async invoiceEventsOf(
    contractId: string,
    until: (messages: readonly InvoiceEventMessage[]) => boolean,
  ): Promise<InvoiceEventMessage[]> {
    const ofContract = (messages: readonly InvoiceEventMessage[]) =>
      messages.filter((message) => dataOf(message).contractId === contractId);
    const messages = await consumeAll<InvoiceEventEnvelope>(this.topics.invoices, {
      until: (all) => until(ofContract(all)),
      timeoutMs: READ_TIMEOUT_MS,
      kafka: this.kafka,
    });
    return ofContract(messages);
  }

  /** Every invoice event on the topic, once `until` holds for them. */
  allInvoiceEvents(
    until: (messages: readonly InvoiceEventMessage[]) => boolean,
  ): Promise<InvoiceEventMessage[]> {
    return consumeAll<InvoiceEventEnvelope>(this.topics.invoices, {
      until,
      timeoutMs: READ_TIMEOUT_MS,
      kafka: this.kafka,
    });
  }

  /** The process-run events of one job, once `until` holds for them. */
  async processRunEventsOf(
    batchJobId: string,
    until: (messages: readonly ProcessRunEventMessage[]) => boolean,
  ): Promise<ProcessRunEventMessage[]> {
    const ofJob = (messages: readonly ProcessRunEventMessage[]) =>
      messages.filter((message) => dataOf(message).batchJobId === batchJobId);
    const messages = await consumeAll<ProcessRunEventEnvelope>(this.topics.processRuns, {
      until: (all) => until(ofJob(all)),
      timeoutMs: READ_TIMEOUT_MS,
      kafka: this.kafka,
    });
    return ofJob(messages);
  }
}
