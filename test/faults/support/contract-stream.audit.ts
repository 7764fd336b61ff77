import { EventEnvelope } from '@app/event-contracts';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { readTopicToEnd } from './topic-reader';

/** The contract events the contracts service committed: its event store, the outbox the relay reads. */
export async function committedContractEventIds(databaseUrl: string): Promise<Set<string>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT event_id AS id FROM contracts.events');
    return new Set(rows.map((row) => row.id));
  } finally {
    await client.end();
  }
}

export interface PublishedContractStreams {
  /** Distinct events on the topic. */
  readonly eventIds: Set<string>;
  readonly records: number;
  /** Contracts whose events, first publications in topic order, are not versions 1, 2, 3, ... */
  readonly contractsOutOfOrder: readonly string[];
  /** Records whose key is not their envelope's streamId (a contract spread over partitions). */
  readonly recordsKeyedWrongly: number;
}

/**
 * Reads `contracts.events` until every event in `expected` is there (then to the end of every
 * partition) and checks each contract's stream: keyed by its contract, and in stream order, with
 * re-publications (the same eventId again) allowed anywhere after the first.
 */
export async function readContractStreams(
  kafka: Kafka,
  topic: string,
  expected: ReadonlySet<string>,
  timeoutMs: number,
): Promise<PublishedContractStreams> {
  const missing = new Set(expected);
  const eventIds = new Set<string>();
  const versions = new Map<string, number[]>();
  let records = 0;
  let recordsKeyedWrongly = 0;
  const read = await readTopicToEnd<EventEnvelope>(
    kafka,
    topic,
    () => missing.size === 0,
    timeoutMs,
    (value, record) => {
      if (value === null) return;
      records += 1;
      if (record.key !== value.streamId) recordsKeyedWrongly += 1;
      missing.delete(value.eventId);
      if (eventIds.has(value.eventId)) return;
      eventIds.add(value.eventId);
      versions.set(value.streamId, [...(versions.get(value.streamId) ?? []), value.streamVersion]);
    },
  );
  if (!read)
    throw new Error(`${topic}: ${missing.size} of ${expected.size} events not published in ${timeoutMs} ms`);
  const contractsOutOfOrder = [...versions]
    .filter(([, seen]) => seen.some((version, index) => version !== index + 1))
    .map(([contractId]) => contractId);
  return { eventIds, records, contractsOutOfOrder, recordsKeyedWrongly };
}
