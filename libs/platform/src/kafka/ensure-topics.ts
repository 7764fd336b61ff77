import { Admin } from 'kafkajs';

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
    topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
  });
  return missing;
}
