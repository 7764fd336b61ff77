import { Logger } from '@nestjs/common';
import { Partitioners, Producer } from 'kafkajs';
import { backoffDelay, BackoffOptions, DEFAULT_BACKOFF } from '../common/backoff';
import { describeError, EventStoreLogger } from '../common/logger';
import { sleep, Wakeable } from '../common/sleep';
import { eventsChannel, qualifiedTable } from '../schema/schema-name';
import { toStoredEvent } from '../store/stored-event.row';
import { CatchUpWaiters } from './catch-up-waiters';
import { toTopicMessages } from './event-envelope';
import { LeaderSession } from './leader-session';
import { OutboxRelayOptions } from './outbox-relay.options';
import {
  hasHeldBackEvents,
  loadCheckpoint,
  OutboxCheckpoint,
  OutboxRow,
  OutboxTables,
  readPublishable,
  saveCheckpoint,
} from './outbox.statements';

interface ReadBatch {
  readonly rows: readonly OutboxRow[];
  readonly readNumber: number;
}

/** Where the leader stands: published in memory, stored in the database, and the batch read ahead. */
interface Progress {
  published: OutboxCheckpoint;
  saved: OutboxCheckpoint;
  readAhead: ReadBatch | undefined;
}

/**
 * Publishes the event store to Kafka in commit order, at least once and normally exactly once,
 * on one replica at a time. See docs/adr/0004-event-store-and-outbox.md.
 */
export class OutboxRelay {
  private readonly tables: OutboxTables;
  private readonly logger: EventStoreLogger;
  private readonly backoff: BackoffOptions;
  private readonly wakeable = new Wakeable();
  private readonly catchUp = new CatchUpWaiters();
  private abort = new AbortController();
  private loop: Promise<void> | undefined;
  private session: LeaderSession | undefined;
  private producer: Producer | undefined;
  private progress: Progress | undefined;
  private consecutiveFailures = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.tables = {
      events: qualifiedTable(options.schema, 'events'),
      checkpoints: qualifiedTable(options.schema, 'outbox_checkpoints'),
    };
    this.logger = options.logger ?? new Logger(`OutboxRelay(${options.schema}/${options.name})`);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /** Starts competing for leadership and publishing in the background; returns at once. */
  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    this.loop = this.run();
  }

  /** Lets the in-flight batch finish, stores the checkpoint, releases the lock and disconnects. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.abort.abort();
    this.wakeable.wakeUp();
    await this.loop;
    this.loop = undefined;
    await this.storeProgress().catch((error) =>
      this.logger.warn(`checkpoint not stored: ${describeError(error)}`),
    );
    await this.dropLeadership();
    await this.disconnectProducer();
    this.catchUp.rejectAll(new Error('outbox relay stopped'));
  }

  isLeader(): boolean {
    return this.session?.leader ?? false;
  }

  /**
   * Resolves once every event committed before this call is published (only the leader gets
   * there; an open write transaction anywhere on the server delays it). Meant for tests and tools.
   */
  waitUntilCaughtUp(timeoutMs = 30_000): Promise<void> {
    const waiting = this.catchUp.waitForReadAfterNow(timeoutMs);
    this.wakeable.wakeUp();
    return waiting;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        if (!(await this.ensureLeadership())) {
          await this.wakeable.wait(this.options.leaderRetryMs ?? 2_000, signal);
          continue;
        }
        const published = await this.publishNextBatch();
        this.recovered();
        if (published === 0) await this.wakeable.wait(this.options.pollIntervalMs ?? 150, signal);
      } catch (error) {
        await this.failed(error);
        await sleep(backoffDelay(this.consecutiveFailures, this.backoff), signal);
      }
    }
  }

  private async ensureLeadership(): Promise<boolean> {
    if (this.session?.leader && this.progress) return true;
    if (this.session?.broken) await this.dropLeadership();
    this.session ??= new LeaderSession(this.options.connection, this.lockName(), this.logger);
    if (!this.session.leader && !(await this.session.tryAcquire())) return false;
    await this.startLeading(this.session);
    return true;
  }

  /** Runs again after a failure (say, the schema is not migrated yet) until it succeeds. */
  private async startLeading(session: LeaderSession): Promise<void> {
    const checkpoint = await loadCheckpoint(session, this.tables, this.options.name);
    if (this.options.listen ?? true) {
      await session.listen(eventsChannel(this.options.schema), () => this.wakeable.wakeUp());
    }
    this.progress = { published: checkpoint, saved: checkpoint, readAhead: undefined };
    this.logger.log(
      `leading from transaction ${checkpoint.transactionId}, position ${checkpoint.globalPosition}`,
    );
    this.options.metrics?.leadershipChanged?.(true);
  }

  /**
   * Sends one batch while reading the next (and storing the previous checkpoint) in the same
   * moment: Kafka and PostgreSQL round trips overlap instead of adding up.
   */
  private async publishNextBatch(): Promise<number> {
    const progress = this.progress!;
    const batch = progress.readAhead ?? (await this.read(progress.published));
    progress.readAhead = undefined;
    if (batch.rows.length === 0) {
      await this.signalCaughtUp(batch.readNumber);
      return 0;
    }
    const last = batch.rows[batch.rows.length - 1];
    const sent = this.send(batch.rows);
    const next = this.read({ transactionId: last.transaction_id_text, globalPosition: last.global_position });
    const [sending, reading] = await Promise.allSettled([sent, next]);
    if (sending.status === 'rejected') throw sending.reason;
    progress.published = { transactionId: last.transaction_id_text, globalPosition: last.global_position };
    this.options.metrics?.eventsPublished?.(batch.rows.length);
    if (reading.status === 'rejected') throw reading.reason;
    progress.readAhead = reading.value;
    return batch.rows.length;
  }

  private async signalCaughtUp(readNumber: number): Promise<void> {
    if (!this.catchUp.waiting) return;
    if (await hasHeldBackEvents(this.session!, this.tables, this.progress!.published)) return;
    this.catchUp.readFoundNothing(readNumber);
  }

  private async read(after: OutboxCheckpoint): Promise<ReadBatch> {
    const progress = this.progress!;
    const readNumber = this.catchUp.readStarted();
    const published = progress.published;
    const save =
      published === progress.saved ? undefined : { relayName: this.options.name, checkpoint: published };
    const limit = this.options.batchSize ?? 500;
    const maxBytes = this.options.batchBytes ?? 1_048_576;
    const rows = await readPublishable(this.session!, this.tables, { after, limit, maxBytes, save });
    if (save) progress.saved = published;
    return { rows, readNumber };
  }

  private async send(rows: readonly OutboxRow[]): Promise<void> {
    const producer = await this.connectedProducer();
    const topicMessages = toTopicMessages(rows.map(toStoredEvent), this.options.route);
    await producer.sendBatch({ topicMessages, acks: -1 });
  }

  private async storeProgress(): Promise<void> {
    const { session, progress } = this;
    if (!session?.leader || !progress || progress.published === progress.saved) return;
    await saveCheckpoint(session, this.tables, this.options.name, progress.published);
    progress.saved = progress.published;
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.options.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
      ...this.options.producer,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async failed(error: unknown): Promise<void> {
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures === 1) {
      this.logger.warn(`publishing paused, retrying with backoff: ${describeError(error)}`);
    }
    this.options.metrics?.publishFailed?.(error);
    if (this.progress) this.progress.readAhead = undefined;
    // A fresh producer after a failure: kafkajs may keep a half-broken connection state otherwise.
    await this.disconnectProducer();
    if (this.session?.broken) await this.dropLeadership();
  }

  private recovered(): void {
    if (this.consecutiveFailures > 0)
      this.logger.log(`publishing resumed after ${this.consecutiveFailures} failures`);
    this.consecutiveFailures = 0;
  }

  private async dropLeadership(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const wasLeader = session.wonLock;
    this.session = undefined;
    this.progress = undefined;
    await session.close();
    if (wasLeader) this.options.metrics?.leadershipChanged?.(false);
  }

  private async disconnectProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private lockName(): string {
    return `outbox-relay:${this.options.schema}:${this.options.name}`;
  }
}
