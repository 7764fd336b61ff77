import { logLevel } from 'kafkajs';

/** kafkajs' table of Kafka protocol errors (kafkajs 2.x, `src/protocol/error.js`); it ships no types for it. */
interface KafkaProtocolErrors {
  readonly errorCodes: readonly {
    readonly type: string;
    readonly retriable: boolean;
    readonly message: string;
  }[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { errorCodes } = require('kafkajs/src/protocol/error') as KafkaProtocolErrors;

export type KafkaEntryLevel = 'error' | 'warn' | 'debug';

/**
 * Broker answers a client meets in normal operation and handles itself: a consumer group
 * rebalancing, a topic another replica created first. Logged at debug.
 */
const ROUTINE = new Set(['REBALANCE_IN_PROGRESS', 'TOPIC_ALREADY_EXISTS', 'MEMBER_ID_REQUIRED']);

/** Each protocol error's type by the message kafkajs logs for it. */
const TYPES_BY_MESSAGE = new Map(errorCodes.map((error) => [error.message, error]));

/**
 * The level a kafkajs log entry is worth. kafkajs logs every error response a connection gets at
 * ERROR (`Response Metadata(...)`, with the broker's error), also those it retries or that its
 * caller handles: a leader moving while a topic is created, a group rebalancing as replicas join.
 * Those are not errors of the service: a retriable one is a warning, a routine one debug. An error
 * kafkajs gives up on reaches the service as an exception, which the service logs itself.
 */
export function kafkaEntryLevel(
  namespace: string,
  level: logLevel,
  log: { message?: string; error?: unknown },
): KafkaEntryLevel {
  const asLogged: KafkaEntryLevel =
    level === logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : 'debug';
  if (asLogged !== 'error' || namespace !== 'Connection' || !String(log.message).startsWith('Response ')) {
    return asLogged;
  }
  // Two replicas creating the same topics at start: kafkajs sums the per-topic answers up, and
  // ensureTopics checks what exists afterwards (a real failure reaches it as an exception).
  if (String(log.message).startsWith('Response CreateTopics') && log.error === 'Topic creation errors')
    return 'debug';
  const protocolError = TYPES_BY_MESSAGE.get(String(log.error));
  if (!protocolError) return asLogged;
  if (ROUTINE.has(protocolError.type)) return 'debug';
  return protocolError.retriable ? 'warn' : asLogged;
}
