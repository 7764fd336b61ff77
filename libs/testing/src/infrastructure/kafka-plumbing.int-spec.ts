import { Admin, Kafka, logLevel, Producer } from 'kafkajs';
import { consumeAll, testKafka, uniqueTopicPrefix, waitFor } from '.';

/**
 * Proves the broker we run (docs/adr/0002) speaks every protocol feature the services rely on, through
 * the exact client version they use: consumer groups with committed offsets, the idempotent producer
 * of the outbox relay, and transactions with read_committed consumers.
 */
describe('kafkajs 2.2.4 against the real broker', () => {
  const prefix = uniqueTopicPrefix('plumbing');
  const createdTopics: string[] = [];
  let kafka: Kafka;
  let admin: Admin;
  let producers: Producer[] = [];

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
  });

  afterEach(async () => {
    await Promise.all(producers.map((producer) => producer.disconnect()));
    producers = [];
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: createdTopics });
    await admin.disconnect();
  });

  /** One partition, so the order of what a consumer sees is the order of what was produced. */
  async function freshTopic(name: string): Promise<string> {
    const topic = `${prefix}${name}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    createdTopics.push(topic);
    return topic;
  }

  async function connectedProducer(
    client: Kafka,
    options: Parameters<Kafka['producer']>[0] = {},
  ): Promise<Producer> {
    const producer = client.producer(options);
    await producer.connect();
    producers.push(producer);
    return producer;
  }

  /** Consumes `count` messages as a member of `groupId`, committing each one's offset, then leaves. */
  async function consumeInGroup(groupId: string, topic: string, count: number): Promise<string[]> {
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    const values: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          values.push(String(message.value));
          const next = (BigInt(message.offset) + 1n).toString();
          await consumer.commitOffsets([{ topic, partition, offset: next }]);
        },
      });
      await waitFor(() => values.length >= count, { timeoutMs: 30000, description: `${count} messages` });
    } finally {
      await consumer.disconnect();
    }
    return values;
  }

  /** A producer or an open transaction: both send the same way. */
  const send = (sender: Pick<Producer, 'send'>, topic: string, values: string[]) =>
    sender.send({ topic, messages: values.map((value) => ({ key: 'contract-1', value })) });

  it('a consumer group resumes after the offsets it committed', async () => {
    const topic = await freshTopic('group-resume');
    const groupId = `${prefix}group`;
    const producer = await connectedProducer(kafka);
    await send(producer, topic, ['first', 'second', 'third']);

    const firstMember = await consumeInGroup(groupId, topic, 3);
    await send(producer, topic, ['fourth', 'fifth']);
    const secondMember = await consumeInGroup(groupId, topic, 2);

    expect(firstMember).toEqual(['first', 'second', 'third']);
    expect(secondMember).toEqual(['fourth', 'fifth']);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '5' })]);
  });

  it('an idempotent producer writes every message once, in order', async () => {
    const topic = await freshTopic('idempotent');
    const producer = await connectedProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
    const values = ['1', '2', '3', '4', '5'];
    for (const value of values) await send(producer, topic, [value]);

    const consumed = await consumeAll(topic, { count: values.length, kafka });

    expect(consumed.map((message) => String(message.value))).toEqual(values);
    expect(consumed.map((message) => message.offset)).toEqual(['0', '1', '2', '3', '4']);
    expect(consumed.every((message) => message.key === 'contract-1')).toBe(true);
  });

  describe('when one transaction of three is aborted', () => {
    let topic: string;

    beforeEach(async () => {
      topic = await freshTopic(`transactions-${createdTopics.length}`);
      // A transaction begun right after a commit gets CONCURRENT_TRANSACTIONS while the broker still
      // writes the commit markers; kafkajs retries it successfully but logs each try as an ERROR.
      const quietKafka = testKafka({ logLevel: logLevel.NOTHING });
      const producer = await connectedProducer(quietKafka, {
        transactionalId: `${topic}-producer`,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      for (const [value, outcome] of [
        ['committed-1', 'commit'],
        ['aborted', 'abort'],
        ['committed-2', 'commit'],
      ] as const) {
        const transaction = await producer.transaction();
        await send(transaction, topic, [value]);
        await (outcome === 'commit' ? transaction.commit() : transaction.abort());
      }
    });

    const untilLastCommitted = (messages: readonly { value: unknown }[]) =>
      messages.some((message) => message.value === 'committed-2');

    it('a read_committed consumer sees only the committed messages', async () => {
      const consumed = await consumeAll(topic, { until: untilLastCommitted, kafka });

      expect(consumed.map((message) => message.value)).toEqual(['committed-1', 'committed-2']);
    });

    it('a read_uncommitted consumer also sees the aborted message', async () => {
      const consumed = await consumeAll(topic, { until: untilLastCommitted, kafka, readUncommitted: true });

      expect(consumed.map((message) => message.value)).toEqual(['committed-1', 'aborted', 'committed-2']);
    });
  });
});
