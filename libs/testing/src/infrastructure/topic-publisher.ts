import { Producer } from 'kafkajs';
import { testKafka } from './kafka';

/** What a test publishes: an object goes out as its JSON, text and bytes as they are. */
export type PublishedValue = object | string | Buffer;

/**
 * A plain kafkajs producer on one topic, as an upstream system or the other service publishes to
 * it: `publish(key, ...values)` sends them in order on one key. `connect()` before, `disconnect()` after.
 */
export class TopicPublisher {
  private readonly producer: Producer = testKafka().producer();

  constructor(readonly topic: string) {}

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  publish(key: string, ...values: PublishedValue[]): Promise<unknown> {
    return this.producer.send({
      topic: this.topic,
      messages: values.map((value) => ({
        key,
        value: typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value),
      })),
    });
  }
}
