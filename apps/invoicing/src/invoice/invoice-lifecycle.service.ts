import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InvoiceDocument, InvoiceEvent, schemaVersionOf } from '@app/event-contracts';
import { ConcurrencyError, EventStore } from '@app/event-store';
import { Clock, CLOCK, DomainError } from '@app/platform';
import { QueryRunner } from 'typeorm';
import { toInvoiceDocument } from './domain';
import { billedItemsOf, correctInvoice, decideInvoice, InvoiceCommand, InvoiceState } from './domain';
import { INVOICE_CHANGED_CONCURRENTLY, invoiceNotFound, invoiceRefused } from './invoice-error-statuses';
import { lockInvoiceGroup, postMilestones, releaseShares, setInvoiceStatus } from './invoice-group';
import { lockContractForBilling } from './contract-billing-lock';
import { takeNextInvoiceNumber } from './invoice-number';
import { INVOICE_STREAM_TYPE, loadInvoice } from './invoice-streams';
import { recordInvoiceGroup } from './invoice.persistence';
import { InvoiceMetrics } from './invoice.metrics';
import { queryRows } from '../database';

const ATTEMPTS = 3;
const UNIQUE_VIOLATION = '23505';
const ONE_STANDING_CORRECTION = 'invoices_one_standing_correction';

/**
 * Confirm, cancel and correct (docs/product.md 2, 4.5). Each command loads the invoice from its stream,
 * lets the aggregate decide, and commits the events with the read-model changes they imply in
 * one transaction. The append expects the version it read, so a concurrent change to the same
 * invoice makes it start over and decide again on the newer state.
 */
@Injectable()
export class InvoiceLifecycle {
  constructor(
    private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: InvoiceMetrics,
  ) {}

  /** Posts a draft: read-only afterwards; its milestones become `InvoicePosted`. */
  async confirm(invoiceId: string): Promise<void> {
    await this.decideAndAppend(invoiceId, { type: 'ConfirmInvoice' }, async (runner, state, at) => {
      await setInvoiceStatus(runner, invoiceId, 'Confirmed', at);
      await postMilestones(runner, billedItemsOf(state.invoice).milestoneIds);
    });
    this.metrics.confirmed();
  }

  /**
   * Drops a draft and returns exactly what it billed, to whom it was billed (docs/product.md 3.12): its
   * customer's shares are billable again, the other customers' standing shares stay as they are,
   * and the schedule entries it covered are due again. Serialized with the process runs billing
   * the contract, so a run never marks over a share released meanwhile.
   */
  async cancel(invoiceId: string): Promise<void> {
    await this.decideAndAppend(
      invoiceId,
      { type: 'CancelInvoice' },
      async (runner, state, at) => {
        const group = await lockInvoiceGroup(runner, invoiceId);
        await setInvoiceStatus(runner, invoiceId, 'Cancelled', at);
        await releaseShares(
          runner,
          state.invoice,
          group.map((m) => m.invoiceId),
        );
      },
      (runner, state) => lockContractForBilling(runner, state.invoice.contractId),
    );
    this.metrics.cancelled();
  }

  /**
   * A corrective draft crediting a confirmed invoice in full, with its own gapless number. Two
   * racing corrections both pass the aggregate's check; the partial unique index lets one commit.
   */
  async correct(invoiceId: string): Promise<InvoiceDocument> {
    try {
      const corrective = await this.eventStore.withTransaction((runner) => this.correctIn(runner, invoiceId));
      this.metrics.created('corrective');
      return corrective;
    } catch (error) {
      if (isStandingCorrectionConflict(error)) {
        throw new DomainError('INVOICE_ALREADY_CORRECTED', `invoice ${invoiceId} has just been corrected`);
      }
      throw error;
    }
  }

  private async correctIn(runner: QueryRunner, invoiceId: string): Promise<InvoiceDocument> {
    const { state } = await loadInvoice(this.eventStore, runner, invoiceId);
    const correctives = await this.correctivesOf(runner, invoiceId);
    const decision = correctInvoice(state, correctives);
    if (!decision.ok) throw invoiceRefused(decision.violation);
    const invoiceNumber = await takeNextInvoiceNumber(runner);
    const corrective = toInvoiceDocument(decision.proposal, {
      invoiceId: randomUUID(),
      invoiceNumber,
      processRunId: null,
    });
    const billing = { shares: [], coveredScheduleEntries: [] };
    await recordInvoiceGroup(runner, this.eventStore, [corrective], billing, {
      at: this.clock.now(),
      metadata: { causationId: invoiceId },
    });
    return corrective;
  }

  private async correctivesOf(runner: QueryRunner, invoiceId: string): Promise<InvoiceState[]> {
    const rows = await queryRows<{ invoice_id: string }>(
      runner,
      'SELECT invoice_id FROM invoicing.invoices WHERE corrects_invoice_id = $1 ORDER BY invoice_id',
      [invoiceId],
    );
    const loaded = await Promise.all(rows.map((row) => loadInvoice(this.eventStore, runner, row.invoice_id)));
    return loaded.map((invoice) => invoice.state);
  }

  private async decideAndAppend(
    invoiceId: string,
    command: InvoiceCommand,
    project: (runner: QueryRunner, state: NonNullable<InvoiceState>, at: Date) => Promise<void>,
    /** Locks to take before the append, so they are always taken in the order process runs take them. */
    lockFirst?: (runner: QueryRunner, state: NonNullable<InvoiceState>) => Promise<void>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.eventStore.withTransaction(async (runner) => {
          const { state, version } = await loadInvoice(this.eventStore, runner, invoiceId);
          const decision = decideInvoice(command, state);
          if (!decision.ok) throw invoiceRefused(decision.violation);
          if (state === null) throw invoiceNotFound(invoiceId);
          await lockFirst?.(runner, state);
          await this.append(runner, invoiceId, version, decision.events);
          await project(runner, state, this.clock.now());
        });
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        if (attempt >= ATTEMPTS) {
          throw new DomainError(
            INVOICE_CHANGED_CONCURRENTLY,
            `invoice ${invoiceId} kept changing; try again`,
          );
        }
      }
    }
  }

  private async append(
    runner: QueryRunner,
    invoiceId: string,
    version: number,
    events: readonly InvoiceEvent[],
  ): Promise<void> {
    await this.eventStore.append(
      invoiceId,
      INVOICE_STREAM_TYPE,
      version,
      events.map((event) => ({
        eventType: event.type,
        schemaVersion: schemaVersionOf(event.type),
        data: event.data,
      })),
      { queryRunner: runner },
    );
  }
}

function isStandingCorrectionConflict(error: unknown): boolean {
  const failure = error as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = failure.code ?? failure.driverError?.code;
  const constraint = failure.constraint ?? failure.driverError?.constraint;
  return code === UNIQUE_VIOLATION && constraint === ONE_STANDING_CORRECTION;
}
