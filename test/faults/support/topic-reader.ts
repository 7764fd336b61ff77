import { randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';

export interface ReadRecord<T> {
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  /** The parsed JSON value (null for a tombstone or a value that is not JSON). */
  readonly value: T | null;
}

function parse<T>(value: Buffer | null): T | null {
  if (value === null) return null;
  try {
    return JSON.parse(value.toString('utf8')) as T;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads `topic` from the beginning with a throw-away consumer group, handing every record to
 * `onRecord`, until `enough()` holds and, measured from that moment, every partition has been read
 * to its end. Resolves false when that takes longer than `timeoutMs`.
 */
export async function readTopicToEnd<T>(
  kafka: Kafka,
  topic: string,
  enough: () => boolean,
  timeoutMs: number,
  onRecord: (value: T | null, record: ReadRecord<T>) => void,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const lastRead = new Map<number, number>();
  const consumer = kafka.consumer({
    groupId: `faults-reader-${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 100,
  });
  const admin = kafka.admin();
  await Promise.all([consumer.connect(), admin.connect()]);
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const offset = Number(message.offset);
        const key = message.key === null ? null : message.key.toString('utf8');
        const value = parse<T>(message.value);
        onRecord(value, { partition, offset, key, value });
        lastRead.set(partition, offset);
      },
    });
    let ends: Map<number, number> | null = null;
    while (Date.now() < deadline) {
      if (ends === null && enough()) {
        const offsets = await admin.fetchTopicOffsets(topic);
        ends = new Map(offsets.map((p) => [p.partition, Number(p.high)]));
      }
      if (
        ends !== null &&
        [...ends].every(([p, high]) => high === 0 || (lastRead.get(p) ?? -1) >= high - 1)
      ) {
        return true;
      }
      await sleep(200);
    }
    return false;
  } finally {
    await consumer.disconnect();
    await admin.disconnect();
  }
}
