import { Admin, ITopicConfig } from 'kafkajs';

/** Dead-letter topics end in `.dlq` (SPEC 4.1): `contracts.commands.dlq`, `invoicing.dlq`. */
export const DEAD_LETTER_SUFFIX = '.dlq';

/**
 * Room on a dead-letter topic for any record of the topics it serves: a dead letter is the original
 * record (up to the broker's default 1 MB) plus the reason headers, so at the default limit a record
 * the input topic took could not be dead-lettered, and its consumer would retry it for ever.
 */
export const DEAD_LETTER_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

function topicConfig(topic: string, numPartitions: number, replicationFactor: number): ITopicConfig {
  if (!topic.endsWith(DEAD_LETTER_SUFFIX)) return { topic, numPartitions, replicationFactor };
  const configEntries = [{ name: 'max.message.bytes', value: String(DEAD_LETTER_MAX_MESSAGE_BYTES) }];
  return { topic, numPartitions, replicationFactor, configEntries };
}

/**
 * Creates the topics that are missing (SPEC 4.1: the services create their topics at start) and
 * returns the names it created. Existing topics are left as they are, whatever their partitions.
 */
export async function ensureTopics(
  admin: Admin,
  names: readonly string[],
  partitions: number,
  replicationFactor = 1,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(names)].filter((name) => !existing.has(name));
  if (missing.length === 0) return [];
  // Resolves false instead of failing when another replica created them first.
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => topicConfig(topic, partitions, replicationFactor)),
  });
  return missing;
}
