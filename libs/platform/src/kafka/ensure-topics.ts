import { Admin, ConfigResourceTypes, ITopicConfig } from 'kafkajs';

/** Dead-letter topics end in `.dlq` (docs/product.md 4.1): `contracts.commands.dlq`, `invoicing.dlq`. */
export const DEAD_LETTER_SUFFIX = '.dlq';

/**
 * Room on a dead-letter topic for any record of the topics it serves: a dead letter is the original
 * record (up to the broker's default 1 MB) plus the reason headers, so at the default limit a record
 * the input topic took could not be dead-lettered, and its consumer would retry it for ever.
 */
export const DEAD_LETTER_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

/**
 * The event log the invoicing projection rebuilds from by replaying it from offset 0 (docs/product.md 5.2):
 * kept for ever, `retention.ms=-1`. Matched at the end of the name, after any topic prefix.
 */
export const EVENT_LOG_SUFFIX = 'contracts.events';

const isEventLog = (topic: string) => topic.endsWith(EVENT_LOG_SUFFIX);

/** How a service's topics are replicated (docs/product.md 5.2). */
export interface TopicReplication {
  readonly replicationFactor: number;
  /** Set as the topic's `min.insync.replicas`; undefined leaves the broker's default. */
  readonly minInsyncReplicas?: number;
}

/** A cluster of three brokers or more holds every topic three times. */
const FULL_REPLICATION = 3;

/**
 * What the service's topics get: the configured values, else replication factor min(3, brokers in
 * the cluster) and `min.insync.replicas` 2 once there are three copies (1 below), so that with
 * `acks=all` a write is on two brokers before it is acknowledged and one broker may die.
 */
export async function topicReplication(
  admin: Admin,
  configured: { replicationFactor: number | null; minInsyncReplicas: number | null },
): Promise<TopicReplication> {
  const replicationFactor =
    configured.replicationFactor ??
    Math.min(FULL_REPLICATION, (await admin.describeCluster()).brokers.length);
  const minInsyncReplicas = configured.minInsyncReplicas ?? (replicationFactor >= FULL_REPLICATION ? 2 : 1);
  if (minInsyncReplicas > replicationFactor) {
    throw new Error(
      `KAFKA_TOPIC_MIN_INSYNC_REPLICAS=${minInsyncReplicas} exceeds the replication factor ${replicationFactor}: ` +
        'no write with acks=all could ever succeed',
    );
  }
  return { replicationFactor, minInsyncReplicas };
}

function topicConfig(topic: string, numPartitions: number, replication: TopicReplication): ITopicConfig {
  const { replicationFactor, minInsyncReplicas } = replication;
  const configEntries =
    minInsyncReplicas === undefined
      ? []
      : [{ name: 'min.insync.replicas', value: String(minInsyncReplicas) }];
  if (topic.endsWith(DEAD_LETTER_SUFFIX))
    configEntries.push({ name: 'max.message.bytes', value: String(DEAD_LETTER_MAX_MESSAGE_BYTES) });
  if (isEventLog(topic)) configEntries.push({ name: 'retention.ms', value: '-1' });
  return { topic, numPartitions, replicationFactor, configEntries };
}

/**
 * Creates the topics that are missing (docs/product.md 4.1: the services create their topics at start) and
 * returns the names it created. Existing topics are left as they are, whatever their partitions.
 */
export async function ensureTopics(
  admin: Admin,
  names: readonly string[],
  partitions: number,
  replication: TopicReplication = { replicationFactor: 1 },
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(names)].filter((name) => !existing.has(name));
  if (missing.length === 0) return [];
  // Resolves false instead of failing when another replica created them first.
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => topicConfig(topic, partitions, replication)),
  });
  return missing;
}

/** An event log whose history the broker will delete. */
export interface FiniteRetention {
  readonly topic: string;
  readonly retentionMs: string;
}

/** The existing event-log topics among `names` whose `retention.ms` is not -1 (unbounded). */
export async function finiteRetentionEventLogs(
  admin: Admin,
  names: readonly string[],
): Promise<FiniteRetention[]> {
  const existing = new Set(await admin.listTopics());
  const logs = [...new Set(names)].filter((name) => isEventLog(name) && existing.has(name));
  if (logs.length === 0) return [];
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: logs.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })),
  });
  return resources.flatMap((resource) => {
    const retentionMs = resource.configEntries.find((e) => e.configName === 'retention.ms')?.configValue;
    return retentionMs === undefined || retentionMs === '-1'
      ? []
      : [{ topic: resource.resourceName, retentionMs }];
  });
}
