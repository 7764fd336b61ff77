import { EventStoreLogger } from '../common/logger';
import { LeaderSession } from './leader-session';
import { OutboxRelayOptions } from './outbox-relay.options';
import {
  loadParkedHeads,
  ParkedHead,
  parkedKeyId,
  parkEvents,
  readParkedEvents,
  reparkHead,
  unparkEvents,
  WAITING_BEHIND_PARKED,
} from './outbox-parking.statements';
import { splitByRecordBytes } from './event-envelope';
import { OutboxSender, Outgoing, toOutgoing } from './outbox-sender';
import { SendRefusal } from './send-refusal';

/**
 * The leader's parked keys (ADR 0004, "Parking"): a key whose event the broker refused for good,
 * by `parkedKeyId`, each with its refused event at its head; the key's later events wait behind it
 * while other keys go on, and every `parkedRetryMs` each key is tried again from its head.
 */
export class ParkedKeys {
  private heads = new Map<string, ParkedHead>();
  private nextRetryAt = 0;

  constructor(
    private readonly options: OutboxRelayOptions,
    private readonly tables: { readonly events: string; readonly parked: string },
    private readonly sender: OutboxSender,
    private readonly logger: EventStoreLogger,
  ) {}

  /** Loads what the last leader left parked; a new leader (a restart after a fix, say) retries it at once. */
  async load(session: LeaderSession): Promise<void> {
    const heads = await loadParkedHeads(session, this.tables.parked, this.options.name);
    this.heads = new Map(heads.map((head) => [parkedKeyId(head), head]));
    this.nextRetryAt = 0;
  }

  forget(): void {
    this.heads = new Map();
  }

  /** Retries at the next chance instead of after `parkedRetryMs`. */
  retrySoon(): void {
    this.nextRetryAt = 0;
  }

  /**
   * Publishes a batch in read order, as produce requests of at most 1,000,000 record bytes sent one
   * after the other (docs/product.md 4.2; a record above it goes alone). An event whose key is
   * parked waits behind it (parked too, not sent). When the broker refuses a request for good, the
   * request's events go again one by one, so the refused one is parked with its reason and the
   * others are published.
   */
  async send(session: LeaderSession, items: readonly Outgoing[]): Promise<void> {
    for (const run of splitByRecordBytes(items)) {
      // A key may have been parked by the run before: its events wait from here on.
      await this.parkBehind(
        session,
        run.filter((item) => this.heads.has(item.keyId)),
      );
      const request = run.filter((item) => !this.heads.has(item.keyId));
      if (request.length > 0) await this.sendOrIsolate(session, request);
    }
  }

  private async sendOrIsolate(session: LeaderSession, request: readonly Outgoing[]): Promise<void> {
    // Only the partitions the broker refused go again, one event at a time: the others are on the
    // topic once.
    const refused = new Set((await this.sender.produce(request)).flatMap(({ batch }) => batch.items));
    if (refused.size === 0) return;
    const waiting: Outgoing[] = [];
    try {
      for (const item of request) {
        if (!refused.has(item)) continue;
        if (this.heads.has(item.keyId)) {
          waiting.push(item);
          continue;
        }
        const refusal = await this.sender.produceAlone(item);
        if (refusal) await this.parkRefused(session, item, refusal);
      }
    } finally {
      await this.parkBehind(session, waiting);
    }
  }

  /** Parks the event the broker refused: it heads its key from now on. */
  private async parkRefused(session: LeaderSession, item: Outgoing, refusal: SendRefusal): Promise<void> {
    const head: ParkedHead = {
      ...item.key,
      eventId: item.row.event_id,
      globalPosition: item.row.global_position,
    };
    await parkEvents(session, this.tables.parked, this.options.name, [
      { ...parkedEvent(item, null), reason: refusal.type, reasonMessage: refusal.message },
    ]);
    this.heads.set(item.keyId, head);
    this.logger.error(
      `parked event ${head.eventId} of stream ${head.streamId} (topic ${head.topic}, key ${head.key}): ` +
        `the broker refused it (${refusal.type}: ${refusal.message}); later events of its key wait behind it, ` +
        `other keys go on`,
    );
  }

  /** Parks events of parked keys, unsent, behind their keys' heads. */
  private async parkBehind(session: LeaderSession, items: readonly Outgoing[]): Promise<void> {
    if (items.length === 0) return;
    await parkEvents(
      session,
      this.tables.parked,
      this.options.name,
      items.map((item) => {
        const blockedBy = this.heads.get(item.keyId)!.eventId;
        return {
          ...parkedEvent(item, blockedBy),
          reason: WAITING_BEHIND_PARKED,
          reasonMessage: `waits behind parked event ${blockedBy}`,
        };
      }),
    );
  }

  /**
   * Every `parkedRetryMs` (and at once on taking the lead) each parked key is tried again from its
   * refused event, in order: what the broker now takes is published and unparked; at the first
   * refusal that event heads the key again and the rest keeps waiting. `storeProgress` runs first:
   * a crash after un-parking must not republish the whole batch behind the checkpoint.
   */
  async retryIfDue(session: LeaderSession, storeProgress: () => Promise<void>): Promise<void> {
    if (this.heads.size === 0 || Date.now() < this.nextRetryAt) return;
    this.nextRetryAt = Date.now() + this.retryMs();
    await storeProgress();
    for (const [keyId, head] of [...this.heads]) await this.retryKey(session, keyId, head);
  }

  private async retryKey(session: LeaderSession, keyId: string, head: ParkedHead): Promise<void> {
    const limit = this.options.batchSize ?? 500;
    let published = 0;
    for (;;) {
      const rows = await readParkedEvents(session, this.tables, this.options.name, head, limit);
      const items = rows.map((row) => toOutgoing(row, this.options.route));
      const sent: Outgoing[] = [];
      let refused: { item: Outgoing; refusal: SendRefusal } | undefined;
      try {
        refused = await this.sendInOrder(items, sent);
      } finally {
        await unparkEvents(
          session,
          this.tables.parked,
          this.options.name,
          sent.map((item) => item.row.global_position),
        );
        if (sent.length > 0) this.options.metrics?.eventsPublished?.(sent.length);
        published += sent.length;
      }
      if (refused) {
        const { item, refusal } = refused;
        const newHead = { ...item.key, eventId: item.row.event_id, globalPosition: item.row.global_position };
        await reparkHead(session, this.tables.parked, this.options.name, newHead, refusal);
        this.heads.set(keyId, newHead);
        this.logger.error(
          `parked event ${newHead.eventId} of stream ${newHead.streamId} (topic ${newHead.topic}, key ` +
            `${newHead.key}) still refused after publishing ${published} parked events of its key ` +
            `(${refusal.type}: ${refusal.message}); retrying in ${this.retryMs()} ms`,
        );
        return;
      }
      if (rows.length < limit) {
        this.heads.delete(keyId);
        this.logger.log(
          `parked key resumed: topic ${head.topic}, key ${head.key}, ${published} events published from event ${head.eventId}`,
        );
        return;
      }
    }
  }

  /** Sends the events of one key in order until the broker refuses one, which is returned. */
  private async sendInOrder(
    items: readonly Outgoing[],
    sent: Outgoing[],
  ): Promise<{ item: Outgoing; refusal: SendRefusal } | undefined> {
    for (const request of splitByRecordBytes(items)) {
      if ((await this.sender.produce(request)).length === 0) {
        sent.push(...request);
        continue;
      }
      // One key is one partition, whose record batch the broker refused whole.
      for (const item of request) {
        const refusal = await this.sender.produceAlone(item);
        if (refusal) return { item, refusal };
        sent.push(item);
      }
    }
    return undefined;
  }

  private retryMs(): number {
    return this.options.parkedRetryMs ?? 300_000;
  }
}

function parkedEvent(item: Outgoing, blockedBy: string | null) {
  return {
    ...item.key,
    globalPosition: item.row.global_position,
    orderKey: item.row.order_key_text,
    eventId: item.row.event_id,
    blockedBy,
  };
}
