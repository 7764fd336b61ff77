/**
 * Broker answers that refuse a record for good: sending it again cannot succeed until someone
 * changes the record, the topic's configuration or the relay's permissions (ADR 0004, "Parking").
 * Anything else (a broker away, a timeout, no leader, an unknown topic while metadata settles, a
 * producer-state error such as OUT_OF_ORDER_SEQUENCE_NUMBER) is transient and retried as before.
 */
export const REFUSAL_TYPES: ReadonlySet<string> = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
  'POLICY_VIOLATION',
  'INVALID_REQUIRED_ACKS',
]);

/** Why the broker refused a record: the Kafka error type and its message. */
export interface SendRefusal {
  readonly type: string;
  readonly message: string;
}

interface ErrorLike {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
}

/**
 * The refusal behind a kafkajs send error, or undefined when the error is transient. kafkajs wraps
 * the broker's protocol error (`KafkaJSNonRetriableError`, `KafkaJSNumberOfRetriesExceeded`), so the
 * chain of causes is searched for a `KafkaJSProtocolError` whose type is a refusal.
 */
export function sendRefusal(error: unknown): SendRefusal | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const candidate = current as ErrorLike;
    if (
      candidate.name === 'KafkaJSProtocolError' &&
      typeof candidate.type === 'string' &&
      REFUSAL_TYPES.has(candidate.type)
    ) {
      return { type: candidate.type, message: String(candidate.message ?? candidate.type) };
    }
    current = candidate.cause;
  }
  return undefined;
}

/**
 * Broker answers about the producer's own state: its sequence numbers or epoch no longer match what
 * the broker holds, so the same producer cannot send again; a fresh producer (a new producer id) heals it.
 */
export const PRODUCER_STATE_ERROR_TYPES: ReadonlySet<string> = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'DUPLICATE_SEQUENCE_NUMBER',
  'INVALID_PRODUCER_EPOCH',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_ID_MAPPING',
  'PRODUCER_FENCED',
]);

/**
 * True when a failed send may be sent again, the same records in the same order, through the same
 * idempotent producer: a kafkajs error (a broker away, a timeout, no leader yet...) that is neither
 * a refusal nor about the producer's state. The producer then reuses the failed request's sequence
 * numbers, so the broker drops what it had already appended instead of appending it twice
 * (ADR 0004, "Publishing"). Anything else needs a fresh producer.
 */
export function resendableThroughSameProducer(error: unknown): boolean {
  if (sendRefusal(error)) return false;
  const top = error as ErrorLike | null;
  if (typeof top !== 'object' || top === null || typeof top.name !== 'string') return false;
  if (!top.name.startsWith('KafkaJS')) return false;
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const candidate = current as ErrorLike;
    if (typeof candidate.type === 'string' && PRODUCER_STATE_ERROR_TYPES.has(candidate.type)) return false;
    current = candidate.cause;
  }
  return true;
}
