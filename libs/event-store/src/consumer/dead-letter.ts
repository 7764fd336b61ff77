import { DLQ_HEADERS } from '@app/event-contracts';
import { Message } from 'kafkajs';
import { InvalidMessageError } from './invalid-message.error';
import { ReceivedMessage } from './received-message';

/** Extra headers that say where a dead letter came from, so an operator can find and replay it. */
export const DEAD_LETTER_SOURCE_HEADERS = {
  topic: 'original-topic',
  partition: 'original-partition',
  offset: 'original-offset',
} as const;

const MAX_ERROR_MESSAGE_LENGTH = 1_000;

export interface DeadLetter {
  readonly message: ReceivedMessage;
  readonly error: InvalidMessageError;
}

/** The dead-letter record: the original bytes and key, the original headers plus the reason. */
export function toDeadLetterMessage({ message, error }: DeadLetter): Message {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [DLQ_HEADERS.errorCode]: error.code,
      [DLQ_HEADERS.errorMessage]: error.message.slice(0, MAX_ERROR_MESSAGE_LENGTH),
      [DEAD_LETTER_SOURCE_HEADERS.topic]: message.topic,
      [DEAD_LETTER_SOURCE_HEADERS.partition]: String(message.partition),
      [DEAD_LETTER_SOURCE_HEADERS.offset]: message.offset,
    },
  };
}

/** Any parse failure counts as invalid: a message that cannot be read will not become readable on retry. */
export function asInvalidMessage(error: unknown): InvalidMessageError {
  if (error instanceof InvalidMessageError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new InvalidMessageError('UNREADABLE_MESSAGE', reason);
}

/** Says why a dead letter carries no value: headers a reader checks before looking for the bytes. */
export const DROPPED_VALUE_HEADERS = {
  bytes: 'original-value-bytes',
  reason: 'original-value-dropped',
} as const;

/**
 * The dead letter without its value, for a dead-letter topic whose size limit the original exceeds:
 * the reason and the original's topic, partition and offset stay, so it can still be found.
 */
export function withoutValue(letter: Message): Message {
  const { value } = letter;
  const bytes =
    value === null || value === undefined
      ? 0
      : typeof value === 'string'
        ? Buffer.byteLength(value)
        : value.length;
  return {
    ...letter,
    value: null,
    headers: {
      ...letter.headers,
      [DROPPED_VALUE_HEADERS.bytes]: String(bytes),
      [DROPPED_VALUE_HEADERS.reason]: 'larger than the dead-letter topic accepts',
    },
  };
}

/** The broker refused a record as larger than the topic's `max.message.bytes`. */
export function isTooLargeForTopic(error: unknown): boolean {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    if ((cause as { type?: unknown }).type === 'MESSAGE_TOO_LARGE') return true;
    if (/larger than the max message size/i.test(String((cause as Error).message))) return true;
  }
  return false;
}
