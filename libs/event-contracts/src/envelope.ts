/** The JSON envelope of every event on a Kafka topic (docs/product.md 4.2). */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  readonly eventId: string;
  readonly eventType: TType;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly occurredAt: string;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly data: TData;
}

/** Kafka headers that repeat the envelope's identity, so consumers can route without parsing. */
export const EVENT_HEADERS = {
  eventType: 'event-type',
  eventId: 'event-id',
  schemaVersion: 'schema-version',
} as const;

/** Headers on a dead-letter record, next to the original bytes. */
export const DLQ_HEADERS = {
  errorCode: 'error-code',
  errorMessage: 'error-message',
} as const;
