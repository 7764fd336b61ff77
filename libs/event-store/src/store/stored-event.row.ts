import { EventMetadata, StoredEvent } from './event-store.types';

/** The columns every event read selects, in the shape `pg` returns them. */
export const EVENT_COLUMNS =
  'global_position, stream_id, stream_type, stream_version, event_id, event_type, schema_version, ' +
  'data, metadata, occurred_at, recorded_at';

export interface EventRow {
  readonly global_position: string;
  readonly stream_id: string;
  readonly stream_type: string;
  readonly stream_version: number;
  readonly event_id: string;
  readonly event_type: string;
  readonly schema_version: number;
  readonly data: unknown;
  readonly metadata: EventMetadata | null;
  readonly occurred_at: Date;
  readonly recorded_at: Date;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    globalPosition: Number(row.global_position),
    streamId: row.stream_id,
    streamType: row.stream_type,
    streamVersion: row.stream_version,
    eventId: row.event_id,
    eventType: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata ?? {},
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
  };
}
