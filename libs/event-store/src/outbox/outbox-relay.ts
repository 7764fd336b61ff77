import { Logger } from '@nestjs/common';
import { backoffDelay, BackoffOptions, DEFAULT_BACKOFF } from '../common/backoff';
import { describeError, EventStoreLogger } from '../common/logger';
import { sleep, Wakeable } from '../common/sleep';
import { eventsChannel, qualifiedTable } from '../schema/schema-name';
import { CatchUpWaiters } from './catch-up-waiters';
import { LeaderSession } from './leader-session';
import { OutboxRelayOptions } from './outbox-relay.options';
import { OutboxSender, toOutgoing } from './outbox-sender';
import { ParkedKeys } from './parked-keys';
import {
  hasHeldBackEvents,
  loadCheckpoint,
  OutboxCheckpoint,
  OutboxRow,
  OutboxTables,
  readPublishable,
  saveCheckpoint,
} from './outbox.statements';

export { OutboxSendTimeoutError } from './outbox-sender';

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
  private readonly sender: OutboxSender;
  private readonly parked: ParkedKeys;
  private progress: Progress | undefined;
  private consecutiveFailures = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.tables = {
      events: qualifiedTable(options.schema, 'events'),
      checkpoints: qualifiedTable(options.schema, 'outbox_checkpoints'),
    };
    this.logger = options.logger ?? new Logger(`OutboxRelay(${options.schema}/${options.name})`);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.sender = new OutboxSender(options, this.logger, this.backoff, () => this.abort.signal);
    const parkedTable = qualifiedTable(options.schema, 'outbox_parked_events');
    this.parked = new ParkedKeys(
      options,
      { events: this.tables.events, parked: parkedTable },
      this.sender,
      this.logger,
    );
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
    await this.sender.disconnect();
    this.catchUp.rejectAll(new Error('outbox relay stopped'));
  }

  isLeader(): boolean {
    return this.session?.leader ?? false;
  }

  /**
   * Resolves once every event committed before this call is published or parked (ADR 0004,
   * "Parking"; only the leader gets there; an open write transaction anywhere on the server delays
   * it). Meant for tests and tools.
   */
  waitUntilCaughtUp(timeoutMs = 30_000): Promise<void> {
    const waiting = this.catchUp.waitForReadAfterNow(timeoutMs);
    this.wakeable.wakeUp();
    return waiting;
  }

  /** Retries the parked events at the next turn of the loop instead of after `parkedRetryMs` (for operators and tests). */
  retryParkedNow(): void {
    this.parked.retrySoon();
    this.wakeable.wakeUp();
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
    await this.parked.load(session);
    if (this.options.listen ?? true) {
      await session.listen(eventsChannel(this.options.schema), () => this.wakeable.wakeUp());
    }
    this.progress = { published: checkpoint, saved: checkpoint, readAhead: undefined };
    this.logger.log(`leading from order key ${checkpoint.orderKey}, position ${checkpoint.globalPosition}`);
    this.options.metrics?.leadershipChanged?.(true);
  }

  /**
   * Sends one batch while reading the next (and storing the previous checkpoint) in the same
   * moment: Kafka and PostgreSQL round trips overlap instead of adding up.
   */
  private async publishNextBatch(): Promise<number> {
    const progress = this.progress!;
    await this.parked.retryIfDue(this.session!, () => this.storeProgress());
    const readAhead = progress.readAhead;
    progress.readAhead = undefined;
    // An empty read-ahead ran while the last batch was in flight, so it stored the checkpoint before
    // that batch: read again at once, which stores it, rather than after the poll interval. A crash
    // while idle then republishes nothing (ADR 0004, "Publishing").
    const settled =
      readAhead !== undefined && (readAhead.rows.length > 0 || progress.published === progress.saved);
    const batch = settled ? readAhead : await this.read(progress.published);
    if (batch.rows.length === 0) {
      await this.signalCaughtUp(batch.readNumber);
      return 0;
    }
    const last = batch.rows[batch.rows.length - 1];
    const sent = this.parked.send(
      this.session!,
      batch.rows.map((row) => toOutgoing(row, this.options.route)),
    );
    const next = this.read({ orderKey: last.order_key_text, globalPosition: last.global_position });
    const [sending, reading] = await Promise.allSettled([sent, next]);
    if (sending.status === 'rejected') throw sending.reason;
    progress.published = { orderKey: last.order_key_text, globalPosition: last.global_position };
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

  private async storeProgress(): Promise<void> {
    const { session, progress } = this;
    if (!session?.leader || !progress || progress.published === progress.saved) return;
    await saveCheckpoint(session, this.tables, this.options.name, progress.published);
    progress.saved = progress.published;
  }

  private async failed(error: unknown): Promise<void> {
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures === 1) {
      this.logger.warn(`publishing paused, retrying with backoff: ${describeError(error)}`);
    }
    this.options.metrics?.publishFailed?.(error);
    if (this.progress) this.progress.readAhead = undefined;
    // A fresh producer after a failure the same producer could not get past (ADR 0004, "Publishing"):
    // its state is unknown, or kafkajs may keep a half-broken connection state otherwise.
    await this.sender.disconnect();
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
    this.parked.forget();
    await session.close();
    if (wasLeader) this.options.metrics?.leadershipChanged?.(false);
  }

  private lockName(): string {
    return `outbox-relay:${this.options.schema}:${this.options.name}`;
  }
}
