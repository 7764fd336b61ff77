import { ConcurrencyError, EventStore } from '../src';
import { aStreamId, someEvents } from './event-builders';
import { createEventStoreDatabase, EventStoreDatabase } from './event-store-database';

/** Loading and appending several streams with one statement each (a group commit's writes). */
describe('EventStore with several streams at once', () => {
  let database: EventStoreDatabase;
  let sut: EventStore;

  beforeAll(async () => {
    database = await createEventStoreDatabase('contracts');
    sut = new EventStore(database.dataSource, { schema: 'contracts' });
  });

  afterAll(async () => {
    await database?.close();
  });

  it('loads the version and snapshot of each existing stream, and leaves unknown ones out', async () => {
    const [a, b, unknown] = [aStreamId(), aStreamId(), aStreamId()];
    await sut.append(a, 'contract', 'no-stream', someEvents(2), { snapshot: { name: 'a' } });
    await sut.append(b, 'contract', 'no-stream', someEvents(1));

    const loaded = await sut.loadSnapshots([b, unknown, a, a]);

    expect([...loaded.keys()].sort()).toEqual([a, b].sort());
    expect(loaded.get(a)).toEqual({
      streamId: a,
      streamType: 'contract',
      version: 2,
      snapshot: { name: 'a' },
    });
    expect(loaded.get(b)).toMatchObject({ version: 1, snapshot: null });
  });

  it('advances existing and new streams together, each with its own snapshot or the old one', async () => {
    const [kept, replaced, fresh] = [aStreamId(), aStreamId(), aStreamId()];
    await sut.append(kept, 'contract', 'no-stream', someEvents(1), { snapshot: { v: 1 } });
    await sut.append(replaced, 'contract', 'no-stream', someEvents(2), { snapshot: { v: 2 } });

    const results = await sut.appendMany([
      { streamId: kept, streamType: 'contract', expectedVersion: 1, events: someEvents(2) },
      {
        streamId: replaced,
        streamType: 'contract',
        expectedVersion: 2,
        events: someEvents(1),
        snapshot: { v: 3 },
      },
      {
        streamId: fresh,
        streamType: 'contract',
        expectedVersion: 0,
        events: someEvents(3),
        snapshot: { v: 4 },
      },
    ]);

    expect(results.map((result) => result.nextVersion)).toEqual([3, 3, 3]);
    const loaded = await sut.loadSnapshots([kept, replaced, fresh]);
    expect([kept, replaced, fresh].map((id) => loaded.get(id)?.snapshot)).toEqual([
      { v: 1 },
      { v: 3 },
      { v: 4 },
    ]);
    expect((await sut.readStream(fresh)).map((event) => event.streamVersion)).toEqual([1, 2, 3]);
  });

  it('refuses the whole append when one stream is not at its expected version, naming its actual one', async () => {
    const [current, stale] = [aStreamId(), aStreamId()];
    await sut.append(current, 'contract', 'no-stream', someEvents(1));
    await sut.append(stale, 'contract', 'no-stream', someEvents(4));

    const attempt = sut.appendMany([
      { streamId: current, streamType: 'contract', expectedVersion: 1, events: someEvents(1) },
      { streamId: stale, streamType: 'contract', expectedVersion: 3, events: someEvents(1) },
    ]);

    await expect(attempt).rejects.toEqual(new ConcurrencyError(stale, 3, 4));
    const loaded = await sut.loadSnapshots([current, stale]);
    expect([loaded.get(current)?.version, loaded.get(stale)?.version]).toEqual([1, 4]);
  });
});
