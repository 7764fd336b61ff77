import { Admin, ICustomPartitioner, Kafka, Message, PartitionMetadata } from 'kafkajs';

/** The records of one topic partition in one produce request, in order. */
export interface PartitionBatch<T> {
  readonly topic: string;
  /** Undefined for a topic the cluster does not know yet: kafkajs partitions it (and the broker creates it). */
  readonly partition: number | undefined;
  readonly items: readonly T[];
  /** The items' messages with their partition set, so kafkajs sends them where they were grouped. */
  readonly messages: readonly Message[];
}

/** How long a topic's partition list is trusted before it is fetched again. */
const METADATA_MAX_AGE_MS = 300_000;

/**
 * Splits what the relay sends into one batch per topic partition, with the producer's partitioner
 * (ADR 0004, "Publishing"): each batch is a `sendBatch` of its own, which goes to one broker and
 * either was acknowledged or failed as a whole, so a failed one can be sent again alone, the same
 * records in the same order, and the broker deduplicates it.
 */
export class PartitionBatches {
  private admin: Admin | undefined;
  private readonly topics = new Map<string, { partitions: PartitionMetadata[]; fetchedAt: number }>();
  private readonly partitioner: ReturnType<ICustomPartitioner>;

  constructor(
    private readonly kafka: Kafka,
    createPartitioner: ICustomPartitioner,
  ) {
    this.partitioner = createPartitioner();
  }

  async split<T>(
    items: readonly T[],
    target: (item: T) => { topic: string; message: Message },
  ): Promise<PartitionBatch<T>[]> {
    const targets = items.map(target);
    await this.load([...new Set(targets.map(({ topic }) => topic))]);
    const batches = new Map<
      string,
      { topic: string; partition: number | undefined; items: T[]; messages: Message[] }
    >();
    targets.forEach(({ topic, message }, index) => {
      const partitionMetadata = this.topics.get(topic)?.partitions;
      const partition = partitionMetadata && this.partitioner({ topic, partitionMetadata, message });
      const id = `${partition ?? '*'}:${topic}`;
      let batch = batches.get(id);
      if (!batch) {
        batch = { topic, partition, items: [], messages: [] };
        batches.set(id, batch);
      }
      batch.items.push(items[index]);
      batch.messages.push(partition === undefined ? message : { ...message, partition });
    });
    return [...batches.values()];
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    this.topics.clear();
    await admin?.disconnect().catch(() => undefined);
  }

  private async load(topics: readonly string[]): Promise<void> {
    const now = Date.now();
    const missing = topics.filter((topic) => {
      const known = this.topics.get(topic);
      return !known || now - known.fetchedAt > METADATA_MAX_AGE_MS;
    });
    if (missing.length === 0) return;
    if (!this.admin) {
      const connecting = this.kafka.admin();
      await connecting.connect();
      this.admin = connecting;
    }
    const admin = this.admin;
    await Promise.all(
      missing.map(async (topic) => {
        try {
          const [{ partitions }] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
          if (partitions.length > 0) this.topics.set(topic, { partitions, fetchedAt: now });
        } catch (error) {
          // A topic the cluster does not know (yet): its records go as one batch that kafkajs
          // partitions, so the broker can create it as it did before batches were split.
          if (!isUnknownTopic(error)) throw error;
          this.topics.delete(topic);
        }
      }),
    );
  }
}

function isUnknownTopic(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    if ((current as { type?: unknown }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
