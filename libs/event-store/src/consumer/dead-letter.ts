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
