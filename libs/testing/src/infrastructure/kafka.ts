import { IHeaders, Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { randomSuffix, requiredEnv } from './environment';

/**
 * A topic prefix no other test file or run uses (for KAFKA_TOPIC_PREFIX), e.g. `test-r5e6f7a-1a2b3c4d.`:
 * it carries the jest run's TEST_RUN_ID, so the global teardown deletes this run's topics and nobody
 * else's, and a shared broker does not pile up thousands of topics that make its restart take minutes.
 */
export function uniqueTopicPrefix(label = 'test'): string {
  const run = process.env.TEST_RUN_ID;
  return run ? `${label}-${run}-${randomSuffix()}.` : `${label}-${randomSuffix()}.`;
}

export interface TestKafkaOptions {
  clientId?: string;
  /** Defaults to ERROR. */
  logLevel?: logLevel;
  /** Defaults to KAFKA_BROKERS. */
  brokers?: string;
}

/** A kafkajs client for the brokers the tests run against (KAFKA_BROKERS). */
export function testKafka(options: TestKafkaOptions = {}): Kafka {
  const brokers = (options.brokers ?? requiredEnv('KAFKA_BROKERS'))
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  const clientId = options.clientId ?? `test-${randomSuffix()}`;
  return new Kafka({ clientId, brokers, logLevel: options.logLevel ?? logLevel.ERROR });
}

export interface ConsumedMessage<T = unknown> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** Parsed JSON when the value is JSON, else the UTF-8 text; null for a tombstone. */
  readonly value: T;
  /** Header values as UTF-8 text; of a repeated header the last one, as Kafka's `lastHeader`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: string;
}

type StopCondition<T> =
  | { count: number; until?: never }
  | { until: (messages: readonly ConsumedMessage<T>[]) => boolean; count?: never };

export type ConsumeAllOptions<T> = StopCondition<T> & {
  timeoutMs?: number;
  kafka?: Kafka;
  /** Defaults to false: read_committed, so aborted transactions stay invisible. */
  readUncommitted?: boolean;
};

function text(value: Buffer | string): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

function parseValue(value: Buffer | null): unknown {
  if (value === null) return null;
  const raw = value.toString('utf8');
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) result[name] = text(last);
  }
  return result;
}

function toConsumed<T>(topic: string, partition: number, message: KafkaMessage): ConsumedMessage<T> {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : text(message.key),
    value: parseValue(message.value) as T,
    headers: headersOf(message.headers),
    timestamp: message.timestamp,
  };
}

/**
 * Reads `topic` from the beginning with a throw-away consumer group until `count` messages arrived or
 * `until(messages)` holds, and resolves those messages (in arrival order; ordered per partition).
 * Rejects after `timeoutMs`, saying how many messages did arrive.
 */
export async function consumeAll<T = unknown>(
  topic: string,
  options: ConsumeAllOptions<T>,
): Promise<ConsumedMessage<T>[]> {
  const { timeoutMs = 20000, readUncommitted = false } = options;
  const consumer = (options.kafka ?? testKafka()).consumer({
    groupId: `consume-all-${randomSuffix()}`,
    readUncommitted,
    maxWaitTimeInMs: 100,
  });
  const messages: ConsumedMessage<T>[] = [];
  const done = () =>
    options.count !== undefined ? messages.length >= options.count : options.until(messages);
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const wanted = options.count !== undefined ? `${options.count} messages` : 'the until condition';
      reject(
        new Error(`consumeAll(${topic}): ${wanted} not reached in ${timeoutMs} ms; got ${messages.length}`),
      );
    }, timeoutMs);
  });
  try {
    if (done()) return [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let complete = false;
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic: from, partition, message }) => {
        if (complete) return;
        messages.push(toConsumed<T>(from, partition, message));
        complete = done();
        if (complete) finish();
      },
    });
    await Promise.race([finished, timedOut]);
    return [...messages];
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

/** Deletes the topics under a test's unique prefix: best effort, as leftovers harm no other run. */
export async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } catch {
    // Left behind under a prefix no other run uses.
  } finally {
    await admin.disconnect();
  }
}
