import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BatchErrorPassThrough, BatchPatternExtras, IdempotencyGuard, ParsedMessage } from '@app/event-store';
import { QueryRunner } from 'typeorm';
import { projectInvoiceEvent } from './contract-invoice-view.projector';
import { InvoiceEventMessage, parseInvoiceEvent } from './invoice-event.parser';

/** The consumer name under which applied invoice event ids are recorded in `processed_messages`. */
export const INVOICES_CONSUMER = 'contracts.invoice-view';

/**
 * Reads `invoicing.invoices` into the contract view: milestone invoice statuses, transaction
 * billing statuses and which schedule runs produced an invoice. Each event is applied once, by
 * its id, in the transaction of its batch; unreadable records go to `contracts.invoices.dlq`.
 */
@Controller()
@UseFilters(BatchErrorPassThrough)
export class InvoicesConsumer {
  constructor(private readonly guard: IdempotencyGuard) {}

  @EventPattern(INVOICES_CONSUMER, {
    groupId: 'contracts.invoice-view',
    topics: ['invoices'],
    // A new group rebuilds the statuses from every invoice event kept.
    fromBeginning: true,
    deadLetterTopic: 'contractInvoicesDlq',
    parse: (message) => parseInvoiceEvent(message.value),
    metrics: true,
  } satisfies BatchPatternExtras<InvoiceEventMessage>)
  async handleBatch(
    @Payload() messages: readonly ParsedMessage<InvoiceEventMessage>[],
    @Ctx() queryRunner: QueryRunner,
  ): Promise<void> {
    const ids = messages.map((message) => message.payload.eventId);
    const fresh = await this.guard.markProcessedMany(INVOICES_CONSUMER, ids, queryRunner);
    for (const { payload } of messages) {
      // Applied in topic order; a duplicate within the batch finds its id already taken.
      if (!fresh.delete(payload.eventId) || payload.event === null) continue;
      await projectInvoiceEvent(queryRunner, payload.event);
    }
  }
}
