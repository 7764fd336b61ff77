import { ConsumerConfig, Kafka, Message, Partitioners } from 'kafkajs';
import { nowMs, pollUntil, sleep } from './measure';

/**
 * Creates the topics and waits for their leaders. A loaded single-node broker sometimes answers a
 * metadata request for a topic it is still creating with "does not host this topic-partition":
 * that is retried a few times.
 */
export async function createTopics(
  kafka: Kafka,
  topics: readonly string[],
  partitions: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
        });
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await sleep(500 * attempt);
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Sends messages in large batches, one batch at a time: per-key order is kept (no two in-flight
 * batches that a retry could reorder), and batching keeps seeding at tens of thousands per second.
 * A batch stays below 512 KB in all, so no partition's share reaches the broker's 1 MB limit.
 */
export async function produceAll(
  kafka: Kafka,
  topic: string,
  messages: Iterable<Message>,
  { maxMessages = 2_000, maxBytes = 512 * 1024 }: { maxMessages?: number; maxBytes?: number } = {},
): Promise<number> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let sent = 0;
  let batch: Message[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length > 0) await producer.send({ topic, acks: -1, messages: batch });
    sent += batch.length;
    batch = [];
    bytes = 0;
  };
  try {
    for (const message of messages) {
      const size = typeof message.value === 'string' ? message.value.length : (message.value?.length ?? 0);
      if (batch.length >= maxMessages || (bytes + size > maxBytes && batch.length > 0)) await flush();
      batch.push(message);
      bytes += size;
    }
    await flush();
    return sent;
  } finally {
    await producer.disconnect();
  }
}

/** Messages on the topic (high watermarks less low watermarks, over all partitions). */
export async function messagesOn(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

export interface BareConsumerOptions {
  readonly groupId: string;
  readonly expected: number;
  readonly partitionsConsumedConcurrently: number;
  readonly consumer: Omit<ConsumerConfig, 'groupId'>;
}

/**
 * A bare kafkajs consumer: reads the topic from the beginning and only counts. Timed from its first
 * batch to its last message, like the projection (group joins are not part of either figure).
 */
export async function timeBareConsumer(
  kafka: Kafka,
  topic: string,
  options: BareConsumerOptions,
): Promise<number> {
  const consumer = kafka.consumer({ ...options.consumer, groupId: options.groupId });
  let seen = 0;
  let firstBatchAt: number | undefined;
  let lastMessageAt: number | undefined;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
      eachBatch: async ({ batch }) => {
        firstBatchAt ??= nowMs();
        seen += batch.messages.length;
        if (seen >= options.expected) lastMessageAt ??= nowMs();
      },
    });
    await pollUntil('the bare consumer to read every message', async () => lastMessageAt, {
      intervalMs: 20,
      timeoutMs: 300_000,
    });
    return lastMessageAt! - firstBatchAt!;
  } finally {
    await consumer.disconnect();
  }
}
