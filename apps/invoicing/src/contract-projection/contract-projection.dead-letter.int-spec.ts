import { DLQ_HEADERS, schemaVersionOf } from '@app/event-contracts';
import { aContract, consumeAll, contractEventEnvelopes, waitFor } from '@app/testing';
import { heldEventCount, streamVersion, toMessage, waitForVersion } from '../../test/projection-test-kit';
import { ProjectionHarness, startProjectionHarness } from '../../test/projection-harness';

describe('contract projection, given events it cannot accept (real PostgreSQL and Kafka)', () => {
  let sut: ProjectionHarness;

  beforeAll(async () => {
    sut = await startProjectionHarness();
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('dead-letters invalid events with the reason and the original bytes and key, projecting the valid ones around them', async () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    const [created, added, recorded] = contractEventEnvelopes([
      contract.created(),
      line.added(),
      line.transaction().recorded(),
    ]);
    const key = contract.contractId;
    const wrongVersion = {
      ...added,
      eventId: recorded.eventId,
      schemaVersion: schemaVersionOf('ContractLineAdded') + 1,
    };
    const badField = { ...recorded, data: { ...recorded.data, amount: 'lots' } };
    const unknownType = { ...added, eventType: 'ContractDeleted' };
    const invalid = [
      { key, value: Buffer.from([0xff, 0xfe, 0x00]) },
      { key, value: JSON.stringify(unknownType) },
      { key, value: JSON.stringify(wrongVersion) },
      { key, value: JSON.stringify(badField) },
      { key, value: JSON.stringify({ ...created, padding: 'x'.repeat(600 * 1024) }) },
    ];

    await sut.publisher.publishRaw([toMessage(created), ...invalid, toMessage(added), toMessage(recorded)]);
    await waitForVersion(sut.dataSource, contract.contractId, 3);

    const letters = await consumeAll(sut.app.config.kafka.topics.invoicingDlq, {
      until: (messages) => messages.filter((m) => m.key === key).length >= invalid.length,
      timeoutMs: 30_000,
    });
    const mine = letters.filter((m) => m.key === key);
    expect(mine.map((m) => m.headers[DLQ_HEADERS.errorCode])).toEqual([
      'MALFORMED_JSON',
      'UNKNOWN_EVENT_TYPE',
      'UNSUPPORTED_SCHEMA_VERSION',
      'INVALID_EVENT_DATA',
      'MESSAGE_TOO_LARGE',
    ]);
    expect(mine[3].headers[DLQ_HEADERS.errorMessage]).toContain('data.amount');
    expect(mine[1].value).toEqual(unknownType);
  });

  it('dead-letters an event whose transaction id another contract holds, holding back what follows it', async () => {
    const owner = aContract();
    const ownerLine = owner.timeAndMaterialLine();
    const taken = ownerLine.transaction();
    await sut.publisher.publish(
      contractEventEnvelopes([owner.created(), ownerLine.added(), taken.recorded()]),
    );
    await waitForVersion(sut.dataSource, owner.contractId, 3);

    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    const clash = line.transaction({ transactionId: taken.transactionId });
    const envelopes = contractEventEnvelopes([
      contract.created(),
      line.added(),
      clash.recorded(),
      line.transaction().recorded(),
    ]);
    const heldBefore = await heldEventCount(sut.dataSource);
    await sut.publisher.publish(envelopes);

    const letters = await consumeAll(sut.app.config.kafka.topics.invoicingDlq, {
      until: (messages) => messages.some((m) => m.key === contract.contractId),
      timeoutMs: 30_000,
    });
    expect(
      letters.filter((m) => m.key === contract.contractId).map((m) => m.headers[DLQ_HEADERS.errorCode]),
    ).toEqual(['DUPLICATE_TRANSACTION']);
    await waitFor(async () => (await heldEventCount(sut.dataSource)) === heldBefore + 1, {
      timeoutMs: 30_000,
    });
    expect(await streamVersion(sut.dataSource, contract.contractId)).toBe(2);
  });
});
