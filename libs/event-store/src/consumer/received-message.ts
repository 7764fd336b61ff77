import { IHeaders, KafkaMessage } from 'kafkajs';

/** A Kafka record as the batch consumer hands it on: original bytes and where it came from. */
export interface ReceivedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
  readonly timestamp: string;
}

/** A received message with the result of the consumer's `parse`. */
export interface ParsedMessage<T> extends ReceivedMessage {
  readonly payload: T;
}

export function toReceivedMessage(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value,
    headers: message.headers ?? {},
    timestamp: message.timestamp,
  };
}

/** The message with its parsed payload; written out rather than spread, as it runs per message. */
export function withPayload<T>(message: ReceivedMessage, payload: T): ParsedMessage<T> {
  const { topic, partition, offset, key, value, headers, timestamp } = message;
  return { topic, partition, offset, key, value, headers, timestamp, payload };
}

/** A header as text (the first value when repeated), or undefined. */
export function headerText(message: Pick<ReceivedMessage, 'headers'>, name: string): string | undefined {
  const raw = message.headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined ? undefined : value.toString();
}
