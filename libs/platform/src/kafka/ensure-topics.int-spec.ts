import { Admin, ConfigResourceTypes } from 'kafkajs';
import { testKafka, uniqueTopicPrefix } from '@app/testing';
import {
  DEAD_LETTER_MAX_MESSAGE_BYTES,
  ensureTopics,
  finiteRetentionEventLogs,
  topicReplication,
} from './ensure-topics';

describe('ensureTopics (real Kafka)', () => {
  let admin: Admin;

  beforeAll(async () => {
    admin = testKafka().admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.disconnect();
  });

  it('creates the missing topics with the partitions asked for and reports them', async () => {
    const prefix = uniqueTopicPrefix('ensure');
    const names = [`${prefix}a`, `${prefix}b`];
    const created = await ensureTopics(admin, names, 4);
    expect(created).toEqual(names);
    const { topics } = await admin.fetchTopicMetadata({ topics: names });
    expect(topics.map((t) => t.partitions.length)).toEqual([4, 4]);
  });

  it('leaves existing topics alone, so a restart changes nothing', async () => {
    const prefix = uniqueTopicPrefix('ensure');
    await ensureTopics(admin, [`${prefix}a`], 2);
    const created = await ensureTopics(admin, [`${prefix}a`, `${prefix}b`], 6);
    expect(created).toEqual([`${prefix}b`]);
    const { topics } = await admin.fetchTopicMetadata({ topics: [`${prefix}a`] });
    expect(topics[0].partitions).toHaveLength(2);
  });

  it('copes with replicas creating the same topics at the same time', async () => {
    const names = [`${uniqueTopicPrefix('ensure')}race`];
    await Promise.all([ensureTopics(admin, names, 3), ensureTopics(admin, names, 3)]);
    expect(await admin.listTopics()).toEqual(expect.arrayContaining(names));
  });

  it('gives dead-letter topics room for a record of the full broker size plus its reason', async () => {
    const prefix = uniqueTopicPrefix('ensure');
    const [input, dlq] = [`${prefix}contracts.commands`, `${prefix}contracts.commands.dlq`];
    await ensureTopics(admin, [input, dlq], 1);
    const maxMessageBytes = async (topic: string) => {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['max.message.bytes'] }],
      });
      return Number(resources[0].configEntries[0].configValue);
    };
    expect(await maxMessageBytes(dlq)).toBe(DEAD_LETTER_MAX_MESSAGE_BYTES);
    expect(await maxMessageBytes(input)).toBeLessThan(DEAD_LETTER_MAX_MESSAGE_BYTES);
  });

  it('keeps the whole history of contracts.events it creates, and only there', async () => {
    const prefix = uniqueTopicPrefix('ensure');
    const [events, commands] = [`${prefix}contracts.events`, `${prefix}contracts.commands`];
    await ensureTopics(admin, [events, commands], 1);
    const retentionMs = async (topic: string) => {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
      });
      return resources[0].configEntries[0].configValue;
    };
    expect(await retentionMs(events)).toBe('-1');
    expect(await retentionMs(commands)).not.toBe('-1');
    expect(await finiteRetentionEventLogs(admin, [events, commands])).toEqual([]);
  });

  it('names an existing contracts.events whose retention is finite', async () => {
    const prefix = uniqueTopicPrefix('ensure');
    const events = `${prefix}contracts.events`;
    const week = String(7 * 24 * 60 * 60 * 1000);
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: events, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: week }] }],
    });
    expect(await ensureTopics(admin, [events], 1)).toEqual([]);
    expect(await finiteRetentionEventLogs(admin, [events])).toEqual([{ topic: events, retentionMs: week }]);
  });

  it('replicates once with min.insync.replicas 1 on a single broker unless told otherwise', async () => {
    const unset = { replicationFactor: null, minInsyncReplicas: null };
    const replication = await topicReplication(admin, unset);
    expect(replication).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    const topic = `${uniqueTopicPrefix('ensure')}replicated`;
    await ensureTopics(admin, [topic], 1, replication);
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }],
    });
    expect(resources[0].configEntries[0].configValue).toBe('1');
  });

  it('refuses a min.insync.replicas above the replication factor, naming the variable', async () => {
    await expect(topicReplication(admin, { replicationFactor: null, minInsyncReplicas: 2 })).rejects.toThrow(
      /KAFKA_TOPIC_MIN_INSYNC_REPLICAS=2 exceeds the replication factor 1/,
    );
  });
});
