import { randomBytes } from 'node:crypto';
import { waitFor } from '@app/testing';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  EventStoreLogger,
  eventStoreMigration,
  eventStoreOrderKeyMigration,
  OutboxRelay,
  OutboxRelayOptions,
  outboxParkingMigration,
} from '../src';

/** A schema of its own for one test: a fresh event store whose relay starts from nothing. */
export async function freshEventStoreSchema(dataSource: DataSource): Promise<string> {
  const schema = `es_${randomBytes(4).toString('hex')}`;
  const migrations = [
    eventStoreMigration(schema),
    eventStoreOrderKeyMigration(schema, { timestamp: 1732406400001 }),
    outboxParkingMigration(schema, { timestamp: 1732406400002 }),
  ];
  const queryRunner = dataSource.createQueryRunner();
  try {
    for (const Migration of migrations) await new Migration().up(queryRunner);
  } finally {
    await queryRunner.release();
  }
  return schema;
}

/** Creates a topic and waits until every partition has a leader (kafkajs' own wait can trip on a fresh topic). */
export async function createTopic(
  kafka: Kafka,
  topic: string,
  numPartitions = 3,
  configEntries: { name: string; value: string }[] = [],
): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions, configEntries }], waitForLeaders: false });
    await waitFor(
      async () => {
        const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
        return (
          metadata.partitions.length === numPartitions && metadata.partitions.every((p) => p.leader >= 0)
        );
      },
      { description: `leaders for ${topic}` },
    );
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/** Records on a topic, from its partition offsets: proves there are no extra (duplicate) records. */
export async function topicRecordCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Keeps the relay's log lines for assertions instead of printing them. */
export class RecordingLogger implements EventStoreLogger {
  readonly lines: string[] = [];
  log(message: string): void {
    this.lines.push(message);
  }
  warn(message: string): void {
    this.lines.push(message);
  }
  error(message: string): void {
    this.lines.push(message);
  }
}

export type TestRelayOptions = Pick<OutboxRelayOptions, 'schema' | 'connection' | 'kafka'> &
  Partial<OutboxRelayOptions>;

/** A relay tuned for tests: short poll and leadership retry, every event of a schema to one topic. */
export function testRelay(topic: string, options: TestRelayOptions): OutboxRelay {
  return new OutboxRelay({
    name: 'test-relay',
    route: (event) => ({ topic, key: event.streamId }),
    pollIntervalMs: 50,
    leaderRetryMs: 200,
    backoff: { initialMs: 100, maxMs: 1_000, jitter: 0 },
    logger: new RecordingLogger(),
    ...options,
  });
}
