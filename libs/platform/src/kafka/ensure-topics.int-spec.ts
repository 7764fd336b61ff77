import { Admin, ConfigResourceTypes } from 'kafkajs';
import { testKafka, uniqueTopicPrefix } from '@app/testing';
import { DEAD_LETTER_MAX_MESSAGE_BYTES, ensureTopics } from './ensure-topics';

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
});
