import { randomUUID } from 'crypto';
import { Consumer, Kafka } from 'kafkajs';

/** An invoice as the ERP learns it from `invoicing.invoices` alone: its header and its status. */
export interface TopicInvoice {
  readonly invoiceId: string;
  readonly contractId: string;
  readonly customerId: string;
  readonly totalAmount: string;
  readonly correctsInvoiceId: string | null;
  status: 'Draft' | 'Confirmed' | 'Cancelled';
}

const STATUS_OF_EVENT: Record<string, TopicInvoice['status'] | undefined> = {
  InvoiceConfirmed: 'Confirmed',
  InvoiceCancelled: 'Cancelled',
};

/**
 * One consumer for the whole test file that folds every invoice event into `invoices`, so each model
 * sequence can compare the topic with the database without joining a consumer group of its own.
 */
export class InvoiceTopicCollector {
  readonly invoices = new Map<string, TopicInvoice>();
  /** Each event's record value as first seen, by event id. */
  readonly values = new Map<string, string>();
  /** Records whose event id was seen before: re-publications after a crash (docs/product.md 5.2). */
  duplicates = 0;
  /** Duplicates whose value differs from the first record of their event id: never allowed. */
  readonly conflicting: string[] = [];
  private consumer: Consumer | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `model-collector-${randomUUID()}`,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        if (message.value === null) return;
        const value = message.value.toString('utf8');
        const envelope = JSON.parse(value) as {
          eventId: string;
          eventType: string;
          data: Record<string, unknown>;
        };
        const first = this.values.get(envelope.eventId);
        if (first !== undefined) {
          this.duplicates += 1;
          if (first !== value) this.conflicting.push(envelope.eventId);
          return;
        }
        this.values.set(envelope.eventId, value);
        const data = envelope.data;
        const invoiceId = String(data.invoiceId);
        if (envelope.eventType === 'InvoiceCreated') {
          this.invoices.set(invoiceId, {
            invoiceId,
            contractId: String(data.contractId),
            customerId: String(data.customerId),
            totalAmount: String(data.totalAmount),
            correctsInvoiceId: (data.correctsInvoiceId as string | null) ?? null,
            status: 'Draft',
          });
          return;
        }
        const status = STATUS_OF_EVENT[envelope.eventType];
        const invoice = this.invoices.get(invoiceId);
        if (status !== undefined && invoice !== undefined) invoice.status = status;
      },
    });
  }

  ofContract(contractId: string): TopicInvoice[] {
    return [...this.invoices.values()].filter((invoice) => invoice.contractId === contractId);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
