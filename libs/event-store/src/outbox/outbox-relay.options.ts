import { CompressionTypes, Kafka, ProducerConfig } from 'kafkajs';
import { ClientConfig } from 'pg';
import { BackoffOptions } from '../common/backoff';
import { EventStoreLogger } from '../common/logger';
import { StoredEvent } from '../store/event-store.types';

/** Where an event goes: its topic and its partitioning key (per-key order is kept). */
export interface OutboxRoute {
  readonly topic: string;
  readonly key: string | null;
}

export interface OutboxRelayMetrics {
  eventsPublished?(count: number): void;
  publishFailed?(error: unknown): void;
  leadershipChanged?(isLeader: boolean): void;
}

export interface OutboxRelayOptions {
  /** Names the checkpoint row and the leadership lock: one publishing relay per name and schema. */
  readonly name: string;
  readonly schema: string;
  /** A dedicated connection (not the pool's): holds the advisory lock, LISTENs, reads and checkpoints. */
  readonly connection: string | ClientConfig;
  readonly kafka: Kafka;
  readonly route: (event: StoredEvent) => OutboxRoute;
  /** Events per Kafka batch (default 500). */
  readonly batchSize?: number;
  /**
   * Bytes of event data (as JSON text) per Kafka batch (default 1 MiB), the event that crosses it
   * included: what a batch holds in memory while it is sent, and the one read ahead of it, stays
   * bounded when events are large.
   */
  readonly batchBytes?: number;
  /** Polling interval when idle (default 150 ms); NOTIFY usually wakes the relay sooner. */
  readonly pollIntervalMs?: number;
  /** How often a non-leader asks for the lock again (default 2,000 ms). */
  readonly leaderRetryMs?: number;
  /** LISTEN for append notifications (default true). */
  readonly listen?: boolean;
  /**
   * Retry pacing while Kafka or the database is unavailable. Keep `maxMs` well under a minute: the
   * server ends a relay session that stays idle for 60 s.
   */
  readonly backoff?: BackoffOptions;
  /**
   * Compression of the produce requests (default none). It saves the network and the broker's disk
   * for large events; the requests stay bounded by their uncompressed size all the same.
   */
  readonly compression?: CompressionTypes;
  /**
   * How often the events parked after a broker refusal are tried again (default 300,000 ms = 5 min;
   * also at once when a replica takes the lead, and on `retryParkedNow()`). ADR 0004, "Parking".
   */
  readonly parkedRetryMs?: number;
  /**
   * Bound on each send of one partition's records, the producer's own retries included (default
   * 15,000 ms). A send that outlasts it is abandoned and the relay goes on with a fresh producer
   * (ADR 0004, "Publishing"), so a request that never returns cannot hold the relay.
   */
  readonly sendTimeoutMs?: number;
  /**
   * How long a request's unacknowledged partitions are sent again through the same producer, so
   * that the broker deduplicates what it had appended (default 30,000 ms: longer than a leader
   * election, well under the relay session's 60 s idle limit). ADR 0004, "Publishing".
   */
  readonly resendWindowMs?: number;
  /** Overrides for the kafkajs producer; idempotence and one request in flight are always set. */
  readonly producer?: Omit<ProducerConfig, 'idempotent' | 'maxInFlightRequests'>;
  readonly logger?: EventStoreLogger;
  readonly metrics?: OutboxRelayMetrics;
}
