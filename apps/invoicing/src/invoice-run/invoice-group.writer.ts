import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InvoiceCreated } from '@app/event-contracts';
import { EventStore, runInTransaction } from '@app/event-store';
import { CLOCK, Clock } from '@app/platform';
import { DataSource, QueryRunner } from 'typeorm';
import { recordInvoiceGroup } from '../invoice/invoice.persistence';
import { takeInvoiceNumbers } from '../invoice/invoice-number';
import { ScheduleEntryRef, toInvoiceCreated } from './domain';
import { InvoiceGroupToWrite } from './proposal-groups';

/**
 * Serializes everything that bills one contract (process runs on any replica, a run and its
 * take-over). Transaction-scoped: released at commit or rollback, never leaked by a crash.
 */
export async function lockContractForBilling(runner: QueryRunner, contractId: string): Promise<void> {
  await runner.query(`SELECT pg_advisory_xact_lock(hashtext('invoicing.contract-billing'), hashtext($1))`, [
    contractId,
  ]);
}

/** Who writes, for the records: the run and its run date. */
export interface RunContext {
  readonly processRunId: string;
  readonly runDate: string;
}

/**
 * The writes of a process run, each one transaction (SPEC 5.2): an invoice group with its billed
 * marks, numbers and events; the processed marks of groups that bill nothing; a parked contract.
 */
@Injectable()
export class InvoiceGroupWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Commits the group's invoices, or nothing: when any item turned out billed already (another
   * replica, a run resumed after a crash) `recordInvoiceGroup` throws and the transaction rolls back,
   * numbers included, so numbers stay gapless and nothing is billed twice.
   */
  async write(run: RunContext, group: InvoiceGroupToWrite): Promise<InvoiceCreated[]> {
    return runInTransaction(this.dataSource, async (runner) => {
      await lockContractForBilling(runner, group.contractId);
      const numbers = await takeInvoiceNumbers(runner, group.invoices.length);
      const invoices = group.invoices.map((proposal, index) =>
        toInvoiceCreated(proposal, {
          invoiceId: randomUUID(),
          invoiceNumber: numbers[index],
          processRunId: run.processRunId,
        }),
      );
      await recordInvoiceGroup(runner, this.eventStore, invoices, group, {
        at: this.clock.now(),
        metadata: { correlationId: run.processRunId, causationId: run.processRunId },
      });
      return invoices;
    });
  }

  /** Entries of groups with nothing to bill still count as processed (SPEC 3.3). */
  async markProcessed(
    run: RunContext,
    contractId: string,
    entries: readonly ScheduleEntryRef[],
  ): Promise<void> {
    if (entries.length === 0) return;
    await runInTransaction(this.dataSource, async (runner) => {
      await lockContractForBilling(runner, contractId);
      await runner.query(
        `UPDATE invoicing.schedule_entries AS entry
         SET status = 'RunSuccessful', process_run_id = $1, failure_reason = NULL
         FROM unnest($2::text[], $3::date[]) AS processed (contract_line_id, invoice_run_date)
         WHERE entry.contract_line_id = processed.contract_line_id
           AND entry.invoice_run_date = processed.invoice_run_date
           AND entry.status <> 'RunSuccessful'`,
        [run.processRunId, entries.map((e) => e.contractLineId), entries.map((e) => e.invoiceRunDate)],
      );
    });
  }

  /**
   * Parks a contract (SPEC 3.9): recorded with its reason, and its due entries marked RunFailed so
   * an operator sees why; the next run picks them up again (RunFailed entries are still due).
   */
  async park(run: RunContext, contractId: string, reason: string): Promise<void> {
    await runInTransaction(this.dataSource, async (runner) => {
      await lockContractForBilling(runner, contractId);
      await runner.query(
        `INSERT INTO invoicing.parked_contracts (process_run_id, contract_id, reason, parked_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (process_run_id, contract_id) DO UPDATE SET reason = EXCLUDED.reason, parked_at = EXCLUDED.parked_at`,
        [run.processRunId, contractId, reason, this.clock.now()],
      );
      await runner.query(
        `UPDATE invoicing.schedule_entries SET status = 'RunFailed', process_run_id = $1, failure_reason = $4
         WHERE contract_id = $2 AND invoice_run_date <= $3 AND status <> 'RunSuccessful'`,
        [run.processRunId, contractId, run.runDate, reason],
      );
    });
  }
}
