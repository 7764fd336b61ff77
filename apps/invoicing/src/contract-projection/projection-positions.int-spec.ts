import { aContract, contractEventEnvelopes, testKafka, waitFor } from '@app/testing';
import { readGeneration } from './contract-projection.consumer';
import { readPositions } from './projection-positions.store';
import { heldEventCount } from '../../test/projection-test-kit';
import { ProjectionHarness, startProjectionHarness } from '../../test/projection-harness';

describe('the projection positions on contracts.events (real PostgreSQL and Kafka)', () => {
  let sut: ProjectionHarness;

  beforeAll(async () => {
    sut = await startProjectionHarness();
  });

  afterAll(async () => {
    await sut?.close();
  });

  async function endOffsets(topic: string): Promise<Map<number, bigint>> {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
    } finally {
      await admin.disconnect();
    }
  }

  /** Partitions with records, as the projection's positions name them: `partition@offset`. */
  function nonEmpty(offsets: ReadonlyMap<number, bigint>): string[] {
    return [...offsets]
      .filter(([, offset]) => offset > 0n)
      .sort(([a], [b]) => a - b)
      .map(([partition, offset]) => `${partition}@${offset}`);
  }

  it('reach the end offsets of every partition, counting events held after a gap', async () => {
    const topic = sut.publisher.topic;
    const complete = aContract();
    const completeLine = complete.timeAndMaterialLine();
    const gapped = aContract();
    const gappedLine = gapped.timeAndMaterialLine();
    const gappedEvents = contractEventEnvelopes([
      gapped.created(),
      gappedLine.added(),
      gappedLine.transaction().recorded(),
      gappedLine.transaction().recorded(),
    ]);
    const others = Array.from({ length: 8 }, () => aContract());

    await sut.publisher.publish([
      ...contractEventEnvelopes([
        complete.created(),
        completeLine.added(),
        completeLine.transaction().recorded(),
      ]),
      ...others.flatMap((c) => contractEventEnvelopes([c.created()])),
      // Version 2 never comes: versions 3 and 4 are held, and still done with for the position.
      ...[gappedEvents[0], gappedEvents[2], gappedEvents[3]],
    ]);
    const ends = nonEmpty(await endOffsets(topic));
    const generation = await readGeneration(sut.dataSource);

    await waitFor(
      async () => {
        const positions = nonEmpty(await readPositions(sut.dataSource, generation, topic));
        return positions.join() === ends.join();
      },
      { timeoutMs: 30_000, description: `positions to reach ${ends.join()}` },
    );
    expect(await heldEventCount(sut.dataSource)).toBe(2);
  });
});
