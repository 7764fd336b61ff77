import { waitFor } from '@app/testing';
import { EventStore } from '../store/event-store';
import { qualifiedTable } from '../schema/schema-name';
import { aStreamId, anEvent } from '../../test/event-builders';
import { createEventStoreDatabase, EventStoreDatabase } from '../../test/event-store-database';
import { freshEventStoreSchema, RecordingLogger } from '../../test/outbox-test-kit';
import { LeaderSession } from './leader-session';
import {
  loadCheckpoint,
  OutboxCheckpoint,
  OutboxTables,
  readOutboxLag,
  readPublishable,
  saveCheckpoint,
} from './outbox.statements';

const START: OutboxCheckpoint = { orderKey: '0', globalPosition: '0' };

/** An event whose data is about `bytes` long as JSON text. */
const anEventOf = (bytes: number) => anEvent({ data: { padding: 'x'.repeat(bytes - 16) } });

describe('reading the outbox (real PostgreSQL)', () => {
  let database: EventStoreDatabase;
  let session: LeaderSession;
  let tables: OutboxTables;
  let store: EventStore;
  let schemaName: string;

  beforeAll(async () => {
    database = await createEventStoreDatabase('outbox_reads');
  });

  beforeEach(async () => {
    const schema = await freshEventStoreSchema(database.dataSource);
    schemaName = schema;
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
      const after = { orderKey: last.order_key_text, globalPosition: last.global_position };

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

  describe('when a transaction that took its id early appends the later version of a stream', () => {
    it('reads the stream in version order', async () => {
      const streamId = aStreamId();
      const early = database.dataSource.createQueryRunner();
      await early.connect();
      try {
        // Like the command consumer, whose first write (processed_messages) takes the id early.
        await early.startTransaction();
        await early.query('SELECT pg_current_xact_id()');
        await store.append(streamId, 'contract', 'no-stream', [anEvent()]);
        await store.append(streamId, 'contract', 1, [anEvent()], { queryRunner: early });
        await early.commitTransaction();
      } finally {
        await early.release();
      }
      await untilPublishable(2);

      const sut = await readPublishable(session, tables, { after: START, limit: 500, maxBytes: 1_048_576 });

      expect(sut.map((row) => row.stream_version)).toEqual([1, 2]);
    });
  });

  describe('the lag of a relay', () => {
    it('counts the events after its checkpoint and the age of the oldest, and none once it is past them', async () => {
      await loadCheckpoint(session, tables, 'lagging');
      await store.append(aStreamId(), 'contract', 'no-stream', [anEvent(), anEvent()]);
      await database.dataSource.query(
        `UPDATE ${tables.events} SET recorded_at = recorded_at - interval '90 seconds' WHERE global_position = 1`,
      );

      const behind = await readOutboxLag(database.dataSource, schemaName, 'lagging');
      const [last] = await database.dataSource.query(
        `SELECT order_key::text AS order_key, global_position::text AS position FROM ${tables.events}
         ORDER BY global_position DESC LIMIT 1`,
      );
      await saveCheckpoint(session, tables, 'lagging', {
        orderKey: last.order_key,
        globalPosition: last.position,
      });
      const caughtUp = await readOutboxLag(database.dataSource, schemaName, 'lagging');

      expect(behind.events).toBe(2);
      expect(behind.oldestAgeSeconds).toBeGreaterThanOrEqual(90);
      expect(caughtUp).toEqual({ events: 0, oldestAgeSeconds: 0 });
    });
  });
});
