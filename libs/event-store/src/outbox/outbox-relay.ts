import { Logger } from '@nestjs/common';
import { Message, Partitioners, Producer, TopicMessages } from 'kafkajs';
import { backoffDelay, BackoffOptions, DEFAULT_BACKOFF } from '../common/backoff';
import { describeError, EventStoreLogger } from '../common/logger';
import { sleep, Wakeable } from '../common/sleep';
import { eventsChannel, qualifiedTable } from '../schema/schema-name';
import { StoredEvent } from '../store/event-store.types';
import { toStoredEvent } from '../store/stored-event.row';
import { toKafkaMessage } from './event-envelope';
import { LeaderSession } from './leader-session';
import { OutboxRelayOptions } from './outbox-relay.options';
import {
  loadCheckpoint,
  OutboxCheckpoint,
  OutboxTables,
  readPublishable,
  saveCheckpoint,
} from './outbox.statements';
import { CatchUpWaiters } from './catch-up-waiters';

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
  private checkpoint: OutboxCheckpoint | undefined;
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

  /** Lets the in-flight batch finish, then releases the lock and disconnects. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.abort.abort();
    this.wakeable.wakeUp();
    await this.loop;
    this.loop = undefined;
    await this.dropLeadership();
    await this.disconnectProducer();
    this.catchUp.rejectAll(new Error('outbox relay stopped'));
  }

  isLeader(): boolean {
    return this.session?.leader ?? false;
  }

  /** Resolves once a read that began after this call found nothing left to publish. */
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
    if (this.session?.leader) return true;
    if (this.session?.broken) await this.dropLeadership();
    this.session ??= new LeaderSession(this.options.connection, this.lockName(), this.logger);
    if (!(await this.session.tryAcquire())) return false;
    this.checkpoint = await loadCheckpoint(this.session, this.tables, this.options.name);
    if (this.options.listen ?? true) {
      await this.session.listen(eventsChannel(this.options.schema), () => this.wakeable.wakeUp());
    }
    this.logger.log(`leading the outbox relay from checkpoint ${this.describeCheckpoint()}`);
    this.options.metrics?.leadershipChanged?.(true);
    return true;
  }

  private async publishNextBatch(): Promise<number> {
    const session = this.session!;
    const readNumber = this.catchUp.readStarted();
    const rows = await readPublishable(session, this.tables, this.checkpoint!, this.options.batchSize ?? 500);
    if (rows.length === 0) {
      this.catchUp.readFoundNothing(readNumber);
      return 0;
    }
    const producer = await this.connectedProducer();
    await producer.sendBatch({ topicMessages: this.topicMessages(rows.map(toStoredEvent)), acks: -1 });
    const last = rows[rows.length - 1];
    const next = { transactionId: last.transaction_id_text, globalPosition: last.global_position };
    await saveCheckpoint(session, this.tables, this.options.name, next);
    this.checkpoint = next;
    this.options.metrics?.eventsPublished?.(rows.length);
    return rows.length;
  }

  /** Messages grouped per topic in read order; kafkajs keeps that order within each partition. */
  private topicMessages(events: readonly StoredEvent[]): TopicMessages[] {
    const byTopic = new Map<string, Message[]>();
    for (const event of events) {
      const { topic, key } = this.options.route(event);
      const messages = byTopic.get(topic) ?? [];
      messages.push(toKafkaMessage(event, key));
      byTopic.set(topic, messages);
    }
    return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
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
      this.logger.warn(`outbox relay paused, retrying with backoff: ${describeError(error)}`);
    }
    this.options.metrics?.publishFailed?.(error);
    // A fresh producer after a failure: kafkajs may keep a half-broken connection state otherwise.
    await this.disconnectProducer();
    if (this.session?.broken) await this.dropLeadership();
  }

  private recovered(): void {
    if (this.consecutiveFailures > 0) {
      this.logger.log(`outbox relay resumed after ${this.consecutiveFailures} failed attempts`);
    }
    this.consecutiveFailures = 0;
  }

  private async dropLeadership(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const wasLeader = session.leader || session.broken;
    this.session = undefined;
    this.checkpoint = undefined;
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

  private describeCheckpoint(): string {
    return `(transaction ${this.checkpoint?.transactionId}, position ${this.checkpoint?.globalPosition})`;
  }
}
