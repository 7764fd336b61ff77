import { ConcurrencyError, EventStore } from '../src';
import { aStreamId, anEvent, someEvents } from './event-builders';
import { createEventStoreDatabase, EventStoreDatabase } from './event-store-database';

describe('EventStore', () => {
  let database: EventStoreDatabase;
  let sut: EventStore;

  beforeAll(async () => {
    database = await createEventStoreDatabase('contracts');
    sut = new EventStore(database.dataSource, { schema: 'contracts' });
  });

  afterAll(async () => {
    await database?.close();
  });

  describe('appending and reading', () => {
    it('reads a stream back in version order with the stored ids, positions and metadata', async () => {
      const streamId = aStreamId();
      const events = [
        anEvent({ eventType: 'ContractCreated' }),
        anEvent({ metadata: { causationId: 'cmd-2' } }),
      ];

      const result = await sut.append(streamId, 'contract', 'no-stream', events, {
        metadata: { correlationId: 'corr-1', causationId: 'cmd-1' },
      });
      const stored = await sut.readStream(streamId);

      expect(result.nextVersion).toBe(2);
      expect(stored.map((event) => event.streamVersion)).toEqual([1, 2]);
      expect(stored.map((event) => event.eventId)).toEqual(result.eventIds);
      expect(stored.map((event) => event.globalPosition)).toEqual(result.globalPositions);
      expect(stored[0]).toMatchObject({
        eventType: 'ContractCreated',
        streamType: 'contract',
        schemaVersion: 1,
      });
      expect(stored[0].data).toEqual(events[0].data);
      expect(stored[0].metadata).toEqual({ correlationId: 'corr-1', causationId: 'cmd-1' });
      expect(stored[1].metadata).toEqual({ correlationId: 'corr-1', causationId: 'cmd-2' });
      expect(stored[0].occurredAt.toISOString()).toBe('2026-03-01T09:30:00.000Z');
    });

    it('reads from a given version', async () => {
      const streamId = aStreamId();
      await sut.append(streamId, 'contract', 'no-stream', someEvents(5));
      const stored = await sut.readStream(streamId, { fromVersion: 3, limit: 2 });
      expect(stored.map((event) => event.streamVersion)).toEqual([3, 4]);
    });

    it('continues a stream from the version the writer read', async () => {
      const streamId = aStreamId();
      const first = await sut.append(streamId, 'contract', 'no-stream', someEvents(2));
      const second = await sut.append(streamId, 'contract', first.nextVersion, someEvents(3));
      expect(second.nextVersion).toBe(5);
      expect((await sut.readStream(streamId)).map((event) => event.streamVersion)).toEqual([1, 2, 3, 4, 5]);
    });

    it('stores a supplied event id, so an event can be known before it is written', async () => {
      const eventId = '0b5e1f3a-7d2c-4e8f-9a61-3c4d5e6f7a8b';
      const streamId = aStreamId();
      await sut.append(streamId, 'contract', 'no-stream', [anEvent({ eventId: eventId.toUpperCase() })]);
      expect((await sut.readStream(streamId))[0].eventId).toBe(eventId);
    });

    it("appends to any version with 'any'", async () => {
      const streamId = aStreamId();
      await sut.append(streamId, 'invoice', 'any', someEvents(1));
      const result = await sut.append(streamId, 'invoice', 'any', someEvents(2));
      expect(result.nextVersion).toBe(3);
    });
  });

  describe('optimistic concurrency', () => {
    it('refuses an append at a stale version, naming expected and actual', async () => {
      const streamId = aStreamId();
      await sut.append(streamId, 'contract', 'no-stream', someEvents(3));

      const conflict = sut.append(streamId, 'contract', 2, someEvents(1));

      await expect(conflict).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(conflict).rejects.toMatchObject({ streamId, expectedVersion: 2, actualVersion: 3 });
      expect(await sut.readStream(streamId)).toHaveLength(3);
    });

    it("refuses 'no-stream' when the stream exists", async () => {
      const streamId = aStreamId();
      await sut.append(streamId, 'contract', 'no-stream', someEvents(1));
      await expect(sut.append(streamId, 'contract', 'no-stream', someEvents(1))).rejects.toMatchObject({
        actualVersion: 1,
      });
    });

    it('refuses a version above zero for a stream that does not exist', async () => {
      await expect(sut.append(aStreamId(), 'contract', 4, someEvents(1))).rejects.toMatchObject({
        actualVersion: 0,
      });
    });

    it('lets exactly one of many concurrent appends at the same version win', async () => {
      const streamId = aStreamId();
      await sut.append(streamId, 'contract', 'no-stream', someEvents(1));

      const attempts = await Promise.allSettled(
        Array.from({ length: 8 }, () => sut.append(streamId, 'contract', 1, someEvents(2))),
      );

      const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
      const lost = attempts.flatMap((attempt) => (attempt.status === 'rejected' ? [attempt.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(7);
      lost.forEach((reason) => expect(reason).toMatchObject({ name: 'ConcurrencyError', actualVersion: 3 }));
      expect(await sut.readStream(streamId)).toHaveLength(3);
    });

    it('makes a second writer wait for the first one and then refuses it', async () => {
      const streamId = aStreamId();
      const first = database.dataSource.createQueryRunner();
      await first.connect();
      await first.startTransaction();
      try {
        await sut.append(streamId, 'contract', 'no-stream', someEvents(1), { queryRunner: first });
        const second = sut.append(streamId, 'contract', 'no-stream', someEvents(1));
        await first.commitTransaction();
        await expect(second).rejects.toMatchObject({ name: 'ConcurrencyError', actualVersion: 1 });
      } finally {
        await first.release();
      }
    });

    it('reports a concurrent append under REPEATABLE READ as a ConcurrencyError', async () => {
      const streamId = aStreamId();
      await sut.append(streamId, 'contract', 'no-stream', someEvents(1));

      const attempt = sut.withTransaction(async (queryRunner) => {
        await sut.loadSnapshot(streamId, { queryRunner });
        await sut.append(streamId, 'contract', 1, someEvents(1));
        await sut.append(streamId, 'contract', 1, someEvents(1), { queryRunner });
      }, 'REPEATABLE READ');

      await expect(attempt).rejects.toMatchObject({ name: 'ConcurrencyError', streamId, expectedVersion: 1 });
      expect(await sut.readStream(streamId)).toHaveLength(2);
    });

    it('maps a version collision caught by the unique constraint to a ConcurrencyError', async () => {
      const streamId = aStreamId();
      await sut.append(streamId, 'contract', 'no-stream', someEvents(1));
      // A stream row that fell behind its events: only the (stream, version) constraint can catch it.
      await database.dataSource.query('UPDATE contracts.streams SET version = 0 WHERE stream_id = $1', [
        streamId,
      ]);

      await expect(sut.append(streamId, 'contract', 0, someEvents(1))).rejects.toMatchObject({
        name: 'ConcurrencyError',
        streamId,
        actualVersion: undefined,
      });
    });
  });

  describe('snapshots', () => {
    it('keeps the state stored with the last append, at the stream version', async () => {
      const streamId = aStreamId();
      await sut.append(streamId, 'contract', 'no-stream', someEvents(2), { snapshot: { lines: 1 } });
      await sut.append(streamId, 'contract', 2, someEvents(1), { snapshot: { lines: 2 } });

      expect(await sut.loadSnapshot(streamId)).toEqual({
        streamId,
        streamType: 'contract',
        version: 3,
        snapshot: { lines: 2 },
      });
    });

    it('keeps the previous snapshot when an append brings none', async () => {
      const streamId = aStreamId();
      await sut.append(streamId, 'contract', 'no-stream', someEvents(1), { snapshot: { lines: 1 } });
      await sut.append(streamId, 'contract', 1, someEvents(1));
      expect(await sut.loadSnapshot(streamId)).toMatchObject({ version: 2, snapshot: { lines: 1 } });
    });

    it('has no snapshot for an unknown stream', async () => {
      expect(await sut.loadSnapshot(aStreamId())).toBeNull();
    });
  });

  describe("in the caller's transaction", () => {
    beforeAll(async () => {
      await database.dataSource.query(
        'CREATE TABLE IF NOT EXISTS contracts.read_model (id text PRIMARY KEY)',
      );
    });

    it('commits the events together with the caller’s own writes', async () => {
      const streamId = aStreamId();
      await sut.withTransaction(async (queryRunner) => {
        await sut.append(streamId, 'contract', 'no-stream', someEvents(1), { queryRunner });
        await queryRunner.query('INSERT INTO contracts.read_model (id) VALUES ($1)', [streamId]);
      });
      expect(await sut.readStream(streamId)).toHaveLength(1);
    });

    it('rolls the events back when the caller’s transaction fails', async () => {
      const streamId = aStreamId();
      const failing = sut.withTransaction(async (queryRunner) => {
        await sut.append(streamId, 'contract', 'no-stream', someEvents(1), {
          queryRunner,
          snapshot: { a: 1 },
        });
        throw new Error('read model update failed');
      });
      await expect(failing).rejects.toThrow('read model update failed');
      expect(await sut.readStream(streamId)).toHaveLength(0);
      expect(await sut.loadSnapshot(streamId)).toBeNull();
    });

    it('takes an entity manager from dataSource.transaction as well', async () => {
      const streamId = aStreamId();
      await database.dataSource.transaction(async (manager) => {
        await sut.append(streamId, 'contract', 'no-stream', someEvents(2), { manager });
        expect(await sut.readStream(streamId, { manager })).toHaveLength(2);
        expect(await sut.readStream(streamId)).toHaveLength(0);
      });
      expect(await sut.readStream(streamId)).toHaveLength(2);
    });
  });

  describe('bulk appends', () => {
    it('writes 1,000 events to one stream in one transaction, in order', async () => {
      const streamId = aStreamId();
      const started = Date.now();
      const result = await sut.append(streamId, 'contract', 'no-stream', someEvents(1_000));
      const elapsedMs = Date.now() - started;

      const stored = await sut.readStream(streamId);
      expect(result.nextVersion).toBe(1_000);
      expect(stored.map((event) => event.streamVersion)).toEqual(
        Array.from({ length: 1_000 }, (_, i) => i + 1),
      );
      expect([...result.globalPositions].sort((a, b) => a - b)).toEqual(result.globalPositions);
      // One statement for the stream and one for the events: far below 1,000 round trips.
      expect(elapsedMs).toBeLessThan(2_000);
    });

    it('appends to several streams all or nothing', async () => {
      const [fresh, existing] = [aStreamId(), aStreamId()];
      await sut.append(existing, 'invoice', 'no-stream', someEvents(1));

      const attempt = sut.appendMany([
        { streamId: fresh, streamType: 'invoice', expectedVersion: 'no-stream', events: someEvents(2) },
        { streamId: existing, streamType: 'invoice', expectedVersion: 'no-stream', events: someEvents(1) },
      ]);

      await expect(attempt).rejects.toMatchObject({ name: 'ConcurrencyError', streamId: existing });
      expect(await sut.loadSnapshot(fresh)).toBeNull();
      expect(await sut.readStream(fresh)).toHaveLength(0);
    });

    it('returns one result per stream in the order given', async () => {
      const [a, b] = [aStreamId(), aStreamId()];
      const results = await sut.appendMany([
        { streamId: b, streamType: 'invoice', expectedVersion: 'no-stream', events: someEvents(2) },
        { streamId: a, streamType: 'invoice', expectedVersion: 'no-stream', events: someEvents(1) },
      ]);
      expect(results.map((result) => result.nextVersion)).toEqual([2, 1]);
    });
  });
});
