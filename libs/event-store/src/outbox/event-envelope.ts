import { EVENT_HEADERS, EventEnvelope } from '@app/event-contracts';
import { Message, TopicMessages } from 'kafkajs';
import { StoredEvent } from '../store/event-store.types';

/**
 * The docs/product.md 4.2 envelope of a stored event; the event id is the stored one, so a re-publication
 * keeps it.
 */
export function toEnvelope(event: StoredEvent): EventEnvelope {
  return {
    eventId: event.eventId,
    eventType: event.eventType,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    occurredAt: event.occurredAt.toISOString(),
    correlationId: stringOrNull(event.metadata.correlationId),
    causationId: stringOrNull(event.metadata.causationId),
    data: event.data,
  };
}

export function toKafkaMessage(event: StoredEvent, key: string | null): Message {
  return {
    key,
    value: JSON.stringify(toEnvelope(event)),
    headers: {
      [EVENT_HEADERS.eventType]: event.eventType,
      [EVENT_HEADERS.eventId]: event.eventId,
      [EVENT_HEADERS.schemaVersion]: String(event.schemaVersion),
    },
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The most record bytes (keys, values and headers) one produce request carries (docs/product.md 4.2). */
export const MAX_REQUEST_RECORD_BYTES = 1_000_000;

/** What a message adds to a produce request: its key, value and headers, in bytes. */
export function recordBytes(message: Message): number {
  const size = (value: unknown) =>
    value === null || value === undefined
      ? 0
      : Buffer.isBuffer(value)
        ? value.length
        : Buffer.byteLength(String(value), 'utf8');
  const headers = Object.entries(message.headers ?? {}).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name, 'utf8') + size(value),
    0,
  );
  return size(message.key) + size(message.value) + headers;
}

/**
 * Splits items, in order, into runs of at most `maxBytes` record bytes each: the broker refuses a
 * partition's batch above its limit, and a relay batch of large events would otherwise go out as one
 * produce request. An item larger than `maxBytes` goes alone (and the broker judges it). Sent one after
 * the other, the requests keep per-partition order.
 */
export function splitByRecordBytes<T extends { readonly bytes: number }>(
  items: readonly T[],
  maxBytes = MAX_REQUEST_RECORD_BYTES,
): T[][] {
  const runs: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    if (current.length > 0 && size + item.bytes > maxBytes) {
      runs.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += item.bytes;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/** Events as produce requests of at most `maxBytes` record bytes each, in read order (`splitByRecordBytes`). */
export function toProduceRequests(
  events: readonly StoredEvent[],
  route: (event: StoredEvent) => { topic: string; key: string | null },
  maxBytes = MAX_REQUEST_RECORD_BYTES,
): TopicMessages[][] {
  const messages = events.map((event) => {
    const { topic, key } = route(event);
    const message = toKafkaMessage(event, key);
    return { topic, message, bytes: recordBytes(message) };
  });
  return splitByRecordBytes(messages, maxBytes).map((run) => perTopic(run));
}

/** A produce request's messages grouped by topic, in order within each topic. */
export function perTopic(
  items: readonly { readonly topic: string; readonly message: Message }[],
): TopicMessages[] {
  const topics = new Map<string, Message[]>();
  for (const { topic, message } of items) {
    const messages = topics.get(topic) ?? [];
    messages.push(message);
    topics.set(topic, messages);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}
