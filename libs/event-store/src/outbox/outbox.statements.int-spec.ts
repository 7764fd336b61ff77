import { waitFor } from '@app/testing';
import { EventStore } from '../store/event-store';
import { qualifiedTable } from '../schema/schema-name';
import { aStreamId, anEvent } from '../../test/event-builders';
import { createEventStoreDatabase, EventStoreDatabase } from '../../test/event-store-database';
import { freshEventStoreSchema, RecordingLogger } from '../../test/outbox-test-kit';
import { LeaderSession } from './leader-session';
import { OutboxCheckpoint, OutboxTables, readPublishable } from './outbox.statements';

const START: OutboxCheckpoint = { transactionId: '0', globalPosition: '0' };

/** An event whose data is about `bytes` long as JSON text. */
const anEventOf = (bytes: number) => anEvent({ data: { padding: 'x'.repeat(bytes - 16) } });

describe('reading the outbox (real PostgreSQL)', () => {
  let database: EventStoreDatabase;
  let session: LeaderSession;
  let tables: OutboxTables;
  let store: EventStore;

  beforeAll(async () => {
    database = await createEventStoreDatabase('outbox_reads');
  });

  beforeEach(async () => {
    const schema = await freshEventStoreSchema(database.dataSource);
    tables = {
      events: qualifiedTable(schema, 'events'),
      checkpoints: qualifiedTable(schema, 'outbox_checkpoints'),
    };
    store = new EventStore(database.dataSource, { schema });
    session = new LeaderSession(database.url, `outbox-reads-${schema}`, new RecordingLogger());
    await session.tryAcquire();
  });

  afterEach(async () => {
    await session.close();
  });

  afterAll(async () => {
    await database?.close();
  });

  const positions = (rows: readonly { global_position: string }[]) =>
    rows.map((r) => Number(r.global_position));

  /**
   * The outbox holds events back while an older write transaction anywhere on the server is still
   * open (the xid8 high-water mark, ADR 0004), and other tests share this server: wait until all
   * `count` events are publishable before asserting how a read batches them.
   */
  const untilPublishable = (count: number) =>
    waitFor(
      async () =>
        (await readPublishable(session, tables, { after: START, limit: 500, maxBytes: 1_048_576 })).length ===
        count,
      { description: `${count} events publishable` },
    );

  describe('when the events are large', () => {
    beforeEach(async () => {
      await store.append(aStreamId(), 'invoice', 'no-stream', [anEventOf(400), anEventOf(400)]);
      await store.append(aStreamId(), 'invoice', 'no-stream', [
        anEventOf(400),
        anEventOf(400),
        anEventOf(400),
      ]);
      await untilPublishable(5);
    });

    it('ends a batch at the event that crosses the byte limit, in commit order', async () => {
      const sut = await readPublishable(session, tables, { after: START, limit: 500, maxBytes: 1_000 });

      expect(positions(sut)).toEqual([1, 2, 3]);
    });

    it('goes on after the last event read, until the outbox is empty', async () => {
      const first = await readPublishable(session, tables, { after: START, limit: 500, maxBytes: 1_000 });
      const last = first[first.length - 1];
      const after = { transactionId: last.transaction_id_text, globalPosition: last.global_position };

      const sut = await readPublishable(session, tables, { after, limit: 500, maxBytes: 1_000 });

      expect(positions(sut)).toEqual([4, 5]);
    });

    it('still reads one event larger than the limit on its own', async () => {
      const sut = await readPublishable(session, tables, { after: START, limit: 500, maxBytes: 100 });

      expect(positions(sut)).toEqual([1]);
    });
  });

  describe('when the events are small', () => {
    it('ends a batch at the event count', async () => {
      await store.append(aStreamId(), 'contract', 'no-stream', [anEvent(), anEvent(), anEvent()]);
      await untilPublishable(3);

      const sut = await readPublishable(session, tables, { after: START, limit: 2, maxBytes: 1_048_576 });

      expect(positions(sut)).toEqual([1, 2]);
    });
  });
});
