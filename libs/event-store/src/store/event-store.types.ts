import { EntityManager, QueryRunner } from 'typeorm';

/**
 * What a writer expects the stream to be at: its current version (the number of events in it),
 * `'no-stream'` (it has no events yet) or `'any'` (no check, for streams with a single writer).
 */
export type ExpectedVersion = number | 'no-stream' | 'any';

/** Trace data stored with every event; correlation and causation ids reach the Kafka envelope. */
export interface EventMetadata {
  readonly correlationId?: string | null;
  readonly causationId?: string | null;
  readonly commandId?: string | null;
  readonly [key: string]: unknown;
}

/** An event to append. `data` and metadata must be JSON-serializable (no bigint, no Date). */
export interface NewEvent<TType extends string = string, TData = unknown> {
  readonly eventType: TType;
  readonly data: TData;
  /** The version of `data`'s shape; the writer stamps it, as this store knows no event types. */
  readonly schemaVersion: number;
  /** Defaults to the store's clock at append time. */
  readonly occurredAt?: Date;
  /** Merged over the append's metadata. */
  readonly metadata?: EventMetadata;
  /** Normally generated at append; supply one only when the id must be known beforehand. */
  readonly eventId?: string;
}

export interface StoredEvent<TType extends string = string, TData = unknown> {
  /** Database-wide order of insertion (not of commit); safe as a number below 2^53. */
  readonly globalPosition: number;
  readonly streamId: string;
  readonly streamType: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly eventType: TType;
  readonly schemaVersion: number;
  readonly data: TData;
  readonly metadata: EventMetadata;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
}

/**
 * Where a call runs: inside the caller's transaction when `queryRunner` (with an open
 * transaction) or a transactional `manager` is given, otherwise in a transaction of its own.
 */
export interface TransactionOptions {
  readonly queryRunner?: QueryRunner;
  readonly manager?: EntityManager;
}

export interface AppendOptions extends TransactionOptions {
  /** The stream's state after these events, stored in the same transaction. Omit to keep the old one. */
  readonly snapshot?: unknown;
  readonly metadata?: EventMetadata;
}

export interface StreamAppend {
  readonly streamId: string;
  readonly streamType: string;
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly NewEvent[];
  readonly snapshot?: unknown;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as `expectedVersion` to the next append. */
  readonly nextVersion: number;
  /** Global position of each appended event, in the order given. */
  readonly globalPositions: readonly number[];
  readonly eventIds: readonly string[];
}

export interface ReadStreamOptions extends TransactionOptions {
  /** First stream version to return (default 1). */
  readonly fromVersion?: number;
  readonly toVersion?: number;
  readonly limit?: number;
}

export interface StreamSnapshot<TSnapshot = unknown> {
  readonly streamId: string;
  readonly streamType: string;
  readonly version: number;
  readonly snapshot: TSnapshot | null;
}

export interface LoadSnapshotOptions extends TransactionOptions {
  /** Lock the stream row until the caller's transaction ends (serializes writers up front). */
  readonly forUpdate?: boolean;
}
