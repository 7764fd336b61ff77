import { ICustomPartitioner, Message, Partitioners, Producer } from 'kafkajs';
import { backoffDelay, BackoffOptions } from '../common/backoff';
import { describeError, EventStoreLogger } from '../common/logger';
import { sleep } from '../common/sleep';
import { toStoredEvent } from '../store/stored-event.row';
import { recordBytes, toKafkaMessage } from './event-envelope';
import { OutboxRelayOptions } from './outbox-relay.options';
import { ParkedKey, parkedKeyId } from './outbox-parking.statements';
import { OutboxRow } from './outbox.statements';
import { PartitionBatch, PartitionBatches } from './partition-batches';
import { resendableThroughSameProducer, SendRefusal, sendRefusal } from './send-refusal';

/** An event on its way to Kafka: its row, where it goes and the message it becomes. */
export interface Outgoing {
  readonly row: OutboxRow;
  readonly key: ParkedKey;
  readonly keyId: string;
  readonly message: Message;
  readonly bytes: number;
}

/** A partition's records the broker refused, with its answer; nothing of them was appended. */
export interface RefusedBatch {
  readonly batch: PartitionBatch<Outgoing>;
  readonly refusal: SendRefusal;
}

/** A send that did not end within `sendTimeoutMs`: the producer's state is unknown from then on. */
export class OutboxSendTimeoutError extends Error {
  override readonly name = 'OutboxSendTimeoutError';
}

/** The event of an outbox row as the relay sends it, routed by the relay's `route`. */
export function toOutgoing(row: OutboxRow, route: OutboxRelayOptions['route']): Outgoing {
  const event = toStoredEvent(row);
  const { topic, key } = route(event);
  const parkedKey = { topic, key, streamId: event.streamId };
  const message = toKafkaMessage(event, key);
  return { row, key: parkedKey, keyId: parkedKeyId(parkedKey), message, bytes: recordBytes(message) };
}

/**
 * The relay's idempotent producer and how it sends (ADR 0004, "Publishing"): one `sendBatch` per
 * topic partition, each bounded in time, a failed one sent again through the same producer.
 */
export class OutboxSender {
  private producer: Producer | undefined;
  private partitionBatches: PartitionBatches | undefined;

  constructor(
    private readonly options: OutboxRelayOptions,
    private readonly logger: EventStoreLogger,
    private readonly backoff: BackoffOptions,
    /** The relay's current shutdown signal: a stopping relay does not resend. */
    private readonly signal: () => AbortSignal,
  ) {}

  /** Sends one event; a refusal is returned, any other failure thrown. */
  async produceAlone(item: Outgoing): Promise<SendRefusal | undefined> {
    const [refused] = await this.produce([item]);
    return refused?.refusal;
  }

  /**
   * Sends `items` as one `sendBatch` per topic partition, all at once (kafkajs keeps one request in
   * flight per broker), and returns the partitions the broker refused (nothing of them appended).
   * A partition that failed otherwise is sent again, exactly the same records in the same order,
   * through the same idempotent producer, which reuses the failed request's sequence numbers: what
   * the broker had appended already (a leader that died after its followers copied the batch, an
   * answer lost) is acknowledged as a duplicate instead of appended twice. Each send is bounded by
   * `sendTimeoutMs`; a send that outlasts it, a producer-state error, or failures for longer than
   * `resendWindowMs` are thrown, and the relay goes on from its checkpoint with a fresh producer:
   * the last resort, where what the broker had appended appears twice (ADR 0004, "Publishing").
   */
  async produce(items: readonly Outgoing[]): Promise<RefusedBatch[]> {
    const producer = await this.connectedProducer();
    let pending = await this.partitionBatches!.split(items, (item) => ({
      topic: item.key.topic,
      message: item.message,
    }));
    const refused: RefusedBatch[] = [];
    const started = Date.now();
    const window = this.options.resendWindowMs ?? 30_000;
    for (let attempt = 1; ; attempt += 1) {
      const results = await Promise.allSettled(pending.map((batch) => this.sendBounded(producer, batch)));
      const failed: PartitionBatch<Outgoing>[] = [];
      let failure: unknown;
      results.forEach((result, index) => {
        if (result.status === 'fulfilled') return;
        const refusal = sendRefusal(result.reason);
        if (refusal) refused.push({ batch: pending[index], refusal });
        else {
          failed.push(pending[index]);
          if (failure === undefined || !resendableThroughSameProducer(result.reason)) failure = result.reason;
        }
      });
      if (failed.length === 0) return refused;
      if (
        !resendableThroughSameProducer(failure) ||
        Date.now() - started >= window ||
        this.signal().aborted
      ) {
        throw failure;
      }
      this.options.metrics?.publishFailed?.(failure);
      if (attempt === 1) {
        this.logger.warn(
          `${failed.length} of ${pending.length} partition batches not acknowledged, sending them again ` +
            `through the same producer: ${describeError(failure)}`,
        );
      }
      await sleep(backoffDelay(attempt, this.backoff), this.signal());
      pending = failed;
    }
  }

  /** Drops the producer; the next send connects a fresh one. */
  async disconnect(): Promise<void> {
    const producer = this.producer;
    const partitionBatches = this.partitionBatches;
    this.producer = undefined;
    this.partitionBatches = undefined;
    await Promise.all([producer?.disconnect().catch(() => undefined), partitionBatches?.close()]);
  }

  private async sendBounded(producer: Producer, batch: PartitionBatch<Outgoing>): Promise<void> {
    const timeoutMs = this.options.sendTimeoutMs ?? 15_000;
    const sending = producer.sendBatch({
      topicMessages: [{ topic: batch.topic, messages: [...batch.messages] }],
      acks: -1,
      compression: this.options.compression,
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new OutboxSendTimeoutError(
              `send of ${batch.items.length} events to ${batch.topic} partition ${batch.partition ?? '?'} ` +
                `did not end within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    });
    // An abandoned send may still fail later: nobody waits for it any more.
    sending.catch(() => undefined);
    try {
      await Promise.race([sending, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const createPartitioner: ICustomPartitioner =
      this.options.producer?.createPartitioner ?? Partitioners.DefaultPartitioner;
    const producer = this.options.kafka.producer({
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
      ...this.options.producer,
      createPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    this.producer = producer;
    this.partitionBatches = new PartitionBatches(this.options.kafka, createPartitioner);
    return producer;
  }
}
