import { randomUUID } from 'node:crypto';
import { IHeaders, Kafka, KafkaMessage } from 'kafkajs';

/** A record as it was written or read, bytes untouched. */
export interface RawRecord {
  readonly key: string;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A record to produce that a consumer must dead-letter, with what it tests. */
export interface PoisonRecord extends RawRecord {
  readonly label: string;
}

export interface ReadRecord {
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** The broker's default `message.max.bytes` (Kafka 3.x): a record batch of at most this size. */
export const BROKER_MAX_MESSAGE_BYTES = 1_048_588;

export async function produce(kafka: Kafka, topic: string, records: readonly RawRecord[]): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    // One record per request: a record the broker refuses must not take its neighbours with it.
    for (const record of records) {
      await producer.send({
        topic,
        acks: -1,
        messages: [{ key: record.key, value: record.value, headers: { ...record.headers } }],
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Produces the largest record of `make(size)` the broker still takes, starting just under its
 * limit: how close a record gets depends on the batch overhead, which only the broker knows.
 */
export async function produceLargest(
  kafka: Kafka,
  topic: string,
  make: (valueBytes: number) => PoisonRecord,
): Promise<PoisonRecord> {
  for (let size = BROKER_MAX_MESSAGE_BYTES - 128; size > BROKER_MAX_MESSAGE_BYTES - 4096; size -= 256) {
    const record = make(size);
    try {
      await produce(kafka, topic, [record]);
      return record;
    } catch (error) {
      if (!/too large|MESSAGE_TOO_LARGE/i.test(String(error))) throw error;
    }
  }
  throw new Error('the broker refused every record near its limit');
}

function text(value: Buffer | string | undefined): string {
  return value === undefined ? '' : value.toString();
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    result[name] = Array.isArray(value) ? text(value[value.length - 1]) : text(value);
  }
  return result;
}

/** Reads `topic` from the beginning, bytes untouched, until `count` records arrived. */
export async function readRecords(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs: number,
): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({ groupId: `bad-input-reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
  const records: ReadRecord[] = [];
  let done: () => void = () => undefined;
  const complete = new Promise<void>((resolve) => (done = resolve));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }: { message: KafkaMessage }) => {
        records.push({
          key: message.key?.toString() ?? null,
          value: message.value,
          headers: headersOf(message.headers),
        });
        if (records.length >= count) done();
      },
    });
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([complete, timeout]);
    return [...records];
  } finally {
    await consumer.disconnect();
  }
}
