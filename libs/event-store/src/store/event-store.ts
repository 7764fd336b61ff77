import { randomUUID } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import { eventsChannel, qualifiedTable } from '../schema/schema-name';
import {
  advanceStream,
  advanceStreams,
  assertExpectedVersion,
  EventInsertRow,
  EventStoreTables,
  insertEvents,
} from './append.statements';
import { ConcurrencyError } from './concurrency.error';
import {
  AppendOptions,
  AppendResult,
  EventMetadata,
  ExpectedVersion,
  LoadSnapshotOptions,
  NewEvent,
  ReadStreamOptions,
  StoredEvent,
  StreamAppend,
  StreamSnapshot,
  TransactionOptions,
} from './event-store.types';
import { EVENT_COLUMNS, EventRow, toStoredEvent } from './stored-event.row';
import { IsolationLevel, queryRows, runInCallerTransaction, runInTransaction, runRead } from './transaction';

export interface EventStoreOptions {
  /** The service's schema holding the event store tables (see `eventStoreMigration`). */
  readonly schema: string;
  /** Announce appends with `pg_notify` so a listening relay publishes without waiting for its poll. */
  readonly notify?: boolean;
  readonly clock?: () => Date;
  readonly newEventId?: () => string;
}

const STREAM_VERSION_CONSTRAINT = 'events_stream_version_uq';
const UNIQUE_VIOLATION = '23505';

/** Append-only event streams in PostgreSQL; the events table is also the outbox the relay reads. */
export class EventStore {
  private readonly tables: EventStoreTables;
  private readonly channel: string;
  private readonly notify: boolean;
  private readonly clock: () => Date;
  private readonly newEventId: () => string;

  constructor(
    private readonly dataSource: DataSource,
    options: EventStoreOptions,
  ) {
    this.tables = {
      events: qualifiedTable(options.schema, 'events'),
      streams: qualifiedTable(options.schema, 'streams'),
    };
    this.channel = eventsChannel(options.schema);
    this.notify = options.notify ?? true;
    this.clock = options.clock ?? (() => new Date());
    this.newEventId = options.newEventId ?? randomUUID;
  }

  /** Appends to one stream; throws `ConcurrencyError` when the stream is not at `expectedVersion`. */
  async append(
    streamId: string,
    streamType: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const append: StreamAppend = {
      streamId,
      streamType,
      expectedVersion,
      events,
      snapshot: options.snapshot,
    };
    const [result] = await this.appendMany([append], options);
    return result;
  }

  /**
   * Appends to several streams in one transaction: all or nothing. Stream rows are locked in id
   * order (no deadlock between two batches) and all events go in with a single insert.
   */
  async appendMany(
    appends: readonly StreamAppend[],
    options: TransactionOptions & { readonly metadata?: EventMetadata } = {},
  ): Promise<AppendResult[]> {
    assertDistinctStreams(appends);
    appends.forEach((append) => assertExpectedVersion(append.expectedVersion));
    return runInCallerTransaction(this.dataSource, options, async (runner) => {
      try {
        return await this.appendInTransaction(runner, appends, options.metadata ?? {});
      } catch (error) {
        throw asConcurrencyError(error, appends) ?? error;
      }
    });
  }

  /** Events of a stream in version order. */
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const rows = await runRead<EventRow>(
      this.dataSource,
      options,
      `SELECT ${EVENT_COLUMNS} FROM ${this.tables.events}
       WHERE stream_id = $1 AND stream_version >= $2 AND ($3::int IS NULL OR stream_version <= $3::int)
       ORDER BY stream_version LIMIT $4::bigint`,
      [streamId, options.fromVersion ?? 1, options.toVersion ?? null, options.limit ?? null],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * `loadSnapshot` for several streams in one statement, by stream id; unknown streams are absent.
   * With `forUpdate` the rows are locked in stream-id order, so two writers locking overlapping sets
   * cannot deadlock.
   */
  async loadSnapshots<TSnapshot = unknown>(
    streamIds: readonly string[],
    options: LoadSnapshotOptions = {},
  ): Promise<Map<string, StreamSnapshot<TSnapshot>>> {
    const rows = await runRead<{
      stream_id: string;
      stream_type: string;
      version: number;
      snapshot: TSnapshot | null;
    }>(
      this.dataSource,
      options,
      `SELECT stream_id, stream_type, version, snapshot FROM ${this.tables.streams}
       WHERE stream_id = ANY($1::text[]) ORDER BY stream_id ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [[...new Set(streamIds)]],
    );
    return new Map(
      rows.map((row) => [
        row.stream_id,
        {
          streamId: row.stream_id,
          streamType: row.stream_type,
          version: row.version,
          snapshot: row.snapshot,
        },
      ]),
    );
  }

  /** The stream's version and the state stored with its last append; null when the stream does not exist. */
  async loadSnapshot<TSnapshot = unknown>(
    streamId: string,
    options: LoadSnapshotOptions = {},
  ): Promise<StreamSnapshot<TSnapshot> | null> {
    return (await this.loadSnapshots<TSnapshot>([streamId], options)).get(streamId) ?? null;
  }

  /** Runs `work` in one transaction; pass its query runner to `append` and to the caller's own writes. */
  withTransaction<T>(
    work: (queryRunner: QueryRunner) => Promise<T>,
    isolationLevel?: IsolationLevel,
  ): Promise<T> {
    return runInTransaction(this.dataSource, work, isolationLevel);
  }

  private async appendInTransaction(
    runner: QueryRunner,
    appends: readonly StreamAppend[],
    metadata: EventMetadata,
  ): Promise<AppendResult[]> {
    const ordered = [...appends].sort((a, b) =>
      a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0,
    );
    // One stream: a conditional statement that leaves the row alone on a mismatch; several: one
    // statement for all of them, so a group of 100 streams costs one round trip, not 100.
    const versions =
      ordered.length === 1
        ? new Map([[ordered[0].streamId, await advanceStream(runner, this.tables, ordered[0])]])
        : await advanceStreams(runner, this.tables, ordered);

    const rowsPerAppend = appends.map((append) =>
      this.insertRows(append, versions.get(append.streamId)!, metadata),
    );
    const positions = await insertEvents(runner, this.tables.events, rowsPerAppend.flat());
    if (this.notify && positions.size > 0)
      await queryRows(runner, "SELECT pg_notify($1, '')", [this.channel]);

    return appends.map((append, index) => {
      const eventIds = rowsPerAppend[index].map((row) => row.eventId);
      return {
        nextVersion: versions.get(append.streamId)!,
        globalPositions: eventIds.map((eventId) => positions.get(eventId)!),
        eventIds,
      };
    });
  }

  private insertRows(append: StreamAppend, nextVersion: number, metadata: EventMetadata): EventInsertRow[] {
    const firstVersion = nextVersion - append.events.length + 1;
    const now = this.clock();
    return append.events.map((event, index) => ({
      streamId: append.streamId,
      streamType: append.streamType,
      streamVersion: firstVersion + index,
      eventId: (event.eventId ?? this.newEventId()).toLowerCase(),
      eventType: event.eventType,
      schemaVersion: event.schemaVersion,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify({ ...metadata, ...event.metadata }),
      occurredAt: (event.occurredAt ?? now).toISOString(),
    }));
  }
}

function assertDistinctStreams(appends: readonly StreamAppend[]): void {
  const ids = new Set(appends.map((append) => append.streamId));
  if (ids.size !== appends.length) throw new Error('appendMany takes each stream at most once');
}

/** The unique (stream, version) constraint is the last line of defence against a lost race. */
function asConcurrencyError(error: unknown, appends: readonly StreamAppend[]): ConcurrencyError | undefined {
  const failure = error as { code?: string; constraint?: string; detail?: string };
  if (failure.code !== UNIQUE_VIOLATION || failure.constraint !== STREAM_VERSION_CONSTRAINT) return undefined;
  const append =
    appends.find((candidate) => failure.detail?.includes(`(${candidate.streamId},`)) ?? appends[0];
  return new ConcurrencyError(append.streamId, append.expectedVersion, undefined);
}
