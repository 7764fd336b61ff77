import { KafkaJSError } from 'kafkajs';
import { describeError } from '../common/logger';
import { InvalidMessageError } from './invalid-message.error';

/** The dead-letter code of a message its handler kept failing on for no reason the consumer knows. */
export const UNEXPECTED_ERROR = 'UNEXPECTED_ERROR';

/** Attempts a message gets alone before an unexpected failure dead-letters it (CONSUMER_MAX_ATTEMPTS). */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * A dead letter that could not be written. Its message may not be let go without it, so this is
 * retried for as long as it takes, like any outage.
 */
export class DeadLetterNotWrittenError extends Error {
  override readonly name = 'DeadLetterNotWrittenError';

  constructor(override readonly cause: unknown) {
    super(`the dead letter could not be written: ${describeError(cause)}`);
  }
}

/**
 * SQLSTATEs that say the database, not the message, is in trouble: connection exceptions (08),
 * invalid authorization (28), serialization failures and deadlocks (40), insufficient resources
 * (53), operator intervention such as a shutdown or a statement timeout (57), system errors (58),
 * lock timeouts (55P03), an object in use (55006), an idle-in-transaction timeout (25P03), and a
 * schema the service does not find (a missing database, schema, table, column or privilege: a
 * deployment fault that every message would hit alike, so none of them is to blame).
 */
const TRANSIENT_SQLSTATE =
  /^(?:(?:08|28|40|53|57|58)[0-9A-Z]{3}|55P03|55006|25P03|3D000|3F000|42P01|42703|42501)$/;

/** Socket errors of the PostgreSQL driver and of anything else a handler talks to. */
const TRANSIENT_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/** What pg and pg-pool say, without a code, when a connection is lost or cannot be had. */
const TRANSIENT_DRIVER_TEXT =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|connection is closed|the database system is (?:starting up|shutting down|in recovery mode)/i;

function* causesOf(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0 && seen.size < 20) {
    const cause = pending.shift();
    if (cause === null || cause === undefined || seen.has(cause)) continue;
    seen.add(cause);
    yield cause;
    const {
      driverError,
      cause: inner,
      errors,
    } = cause as {
      driverError?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    pending.push(driverError, inner, ...(Array.isArray(errors) ? (errors as unknown[]) : []));
  }
}

/**
 * True when a failure is the infrastructure's (database or Kafka away, a lost connection, a
 * conflict with a concurrent transaction): the message is not at fault and is retried for as long
 * as it takes, never dead-lettered. Anything else a handler throws, other than a refusal, is
 * unexpected and dead-lettered after a bounded number of attempts (ADR 0004).
 */
export function isTransientFailure(error: unknown): boolean {
  for (const cause of causesOf(error)) {
    if (cause instanceof DeadLetterNotWrittenError || cause instanceof KafkaJSError) return true;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_SOCKET_CODES.has(code)))
      return true;
    if (cause instanceof Error && TRANSIENT_DRIVER_TEXT.test(cause.message)) return true;
  }
  return false;
}

/** The reason a message is dead-lettered with after failing unexpectedly on every attempt. */
export function unexpectedFailure(error: unknown, attempts: number): InvalidMessageError {
  return new InvalidMessageError(
    UNEXPECTED_ERROR,
    `${describeError(error)} (failed ${attempts} attempt${attempts === 1 ? '' : 's'})`,
  );
}
