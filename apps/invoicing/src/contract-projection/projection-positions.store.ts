import { ReceivedMessage } from '@app/event-store';
import { DataSource, QueryRunner } from 'typeorm';
import { PartitionOffsets } from './domain';

/**
 * Records, in the batch's own transaction, that the projection is done with these records: applied,
 * held after a gap, refused or duplicates alike (docs/adr/0005). Positions only move forward, so a
 * batch redelivered after a crash or a rebalance never takes one back.
 */
export async function recordPositions(
  runner: QueryRunner,
  generation: number,
  messages: readonly Pick<ReceivedMessage, 'topic' | 'partition' | 'offset'>[],
): Promise<void> {
  const next = new Map<string, { topic: string; partition: number; offset: bigint }>();
  for (const { topic, partition, offset } of messages) {
    const key = `${topic}\u0000${partition}`;
    const after = BigInt(offset) + 1n;
    const known = next.get(key);
    if (known === undefined || known.offset < after) next.set(key, { topic, partition, offset: after });
  }
  if (next.size === 0) return;
  const positions = [...next.values()];
  await runner.query(
    `INSERT INTO invoicing.projection_positions AS p (generation, topic, kafka_partition, next_offset)
     SELECT $1, r.topic, r.kafka_partition, r.next_offset
     FROM unnest($2::text[], $3::int[], $4::bigint[]) AS r (topic, kafka_partition, next_offset)
     ON CONFLICT (generation, topic, kafka_partition)
       DO UPDATE SET next_offset = greatest(p.next_offset, EXCLUDED.next_offset), updated_at = now()`,
    [
      generation,
      positions.map((p) => p.topic),
      positions.map((p) => p.partition),
      positions.map((p) => p.offset.toString()),
    ],
  );
}

/** Where the projection of `generation` stands on `topic`; a partition it has not read is absent. */
export async function readPositions(
  dataSource: DataSource,
  generation: number,
  topic: string,
): Promise<PartitionOffsets> {
  const rows = (await dataSource.query(
    `SELECT kafka_partition, next_offset::text AS next_offset FROM invoicing.projection_positions
     WHERE generation = $1 AND topic = $2`,
    [generation, topic],
  )) as { kafka_partition: number; next_offset: string }[];
  return new Map(rows.map((row) => [row.kafka_partition, BigInt(row.next_offset)]));
}
