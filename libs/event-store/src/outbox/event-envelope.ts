import { EVENT_HEADERS, EventEnvelope } from '@app/event-contracts';
import { Message, TopicMessages } from 'kafkajs';
import { StoredEvent } from '../store/event-store.types';

/** The SPEC 4.2 envelope of a stored event; the event id is the stored one, so a re-publication keeps it. */
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

/** Messages grouped per topic in read order; kafkajs keeps that order within each partition. */
export function toTopicMessages(
  events: readonly StoredEvent[],
  route: (event: StoredEvent) => { topic: string; key: string | null },
): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const event of events) {
    const { topic, key } = route(event);
    const messages = byTopic.get(topic) ?? [];
    messages.push(toKafkaMessage(event, key));
    byTopic.set(topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
