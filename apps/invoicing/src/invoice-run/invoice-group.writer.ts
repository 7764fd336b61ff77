import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InvoiceDocument } from '@app/event-contracts';
import { EventStore, runInTransaction } from '@app/event-store';
import { CLOCK, Clock } from '@app/platform';
import { DataSource, QueryRunner } from 'typeorm';
import {
  lockContractForBilling,
  lockContractsForBilling,
  recordInvoiceGroup,
  recordInvoices,
  takeInvoiceNumbers,
} from '../invoice';
import { ProposedInvoice, ScheduleEntryRef, toInvoiceDocument } from '../invoice/domain';
import { InvoiceGroupToWrite, ProposalWork } from './proposal-groups';

/** Who writes, for the records: the run and its run date. */
export interface RunContext {
  readonly processRunId: string;
  readonly runDate: string;
}

export interface ContractWork {
  readonly contractId: string;
  readonly work: ProposalWork;
}

/** A contract's invoices as committed, or why its writes were rolled back (the others' were not). */
export type ContractWritten =
  | { readonly ok: true; readonly invoices: readonly InvoiceDocument[] }
  | { readonly ok: false; readonly error: unknown };

/**
 * The writes of a process run (docs/product.md 5.2): an invoice group commits with its billed marks, numbers
 * and `InvoiceCreated` events or not at all; so do the processed marks of groups that bill nothing
 * and a parked contract. When any billed item turns out billed already (another replica, a run
 * resumed after a crash) `recordInvoiceGroup` throws and the group's writes roll back, numbers
 * included, so numbers stay gapless and nothing is billed twice.
 */
@Injectable()
export class InvoiceGroupWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Several contracts in one transaction: first all at once in set-based statements (one commit
   * and a handful of round trips per batch is what makes a large run fast); when that fails (an
   * item billed meanwhile, anything) it is rolled back and the batch is written again contract by
   * contract behind savepoints, so one contract's failure rolls back only that contract, its
   * invoice numbers with it.
   */
  async writeContracts(
    run: RunContext,
    contracts: readonly ContractWork[],
  ): Promise<Map<string, ContractWritten>> {
    try {
      return await this.writeAllAtOnce(run, contracts);
    } catch {
      return this.writeOneByOne(run, contracts);
    }
  }

  private async writeAllAtOnce(
    run: RunContext,
    contracts: readonly ContractWork[],
  ): Promise<Map<string, ContractWritten>> {
    return runInTransaction(this.dataSource, async (runner) => {
      await lockContractsForBilling(
        runner,
        contracts.map((c) => c.contractId),
      );
      const count = contracts.reduce(
        (sum, c) => sum + c.work.groups.reduce((n, g) => n + g.invoices.length, 0),
        0,
      );
      const numbers = await takeInvoiceNumbers(runner, count);
      let next = 0;
      const written = contracts.map(({ contractId, work }) => ({
        contractId,
        groups: work.groups.map((group) => ({
          ...group,
          invoices: group.invoices.map((proposal) => this.identify(run, proposal, numbers[next++])),
        })),
      }));
      await recordInvoices(
        runner,
        this.eventStore,
        written.flatMap((c) => c.groups),
        this.recordOptions(run),
      );
      await this.markEntriesProcessed(
        runner,
        run,
        contracts.flatMap((c) => c.work.entriesWithoutInvoice),
      );
      return new Map(
        written.map(({ contractId, groups }) => [
          contractId,
          { ok: true, invoices: groups.flatMap((g) => g.invoices) },
        ]),
      );
    });
  }

  private async writeOneByOne(
    run: RunContext,
    contracts: readonly ContractWork[],
  ): Promise<Map<string, ContractWritten>> {
    const results = new Map<string, ContractWritten>();
    await runInTransaction(this.dataSource, async (runner) => {
      for (const { contractId, work } of contracts) {
        await runner.query('SAVEPOINT contract_work');
        try {
          const invoices = await this.writeContract(runner, run, contractId, work);
          await runner.query('RELEASE SAVEPOINT contract_work');
          results.set(contractId, { ok: true, invoices });
        } catch (error) {
          await runner.query('ROLLBACK TO SAVEPOINT contract_work');
          results.set(contractId, { ok: false, error });
        }
      }
    });
    return results;
  }

  /** One invoice group in a transaction of its own. */
  async write(run: RunContext, group: InvoiceGroupToWrite): Promise<InvoiceDocument[]> {
    return runInTransaction(this.dataSource, async (runner) => {
      await lockContractForBilling(runner, group.contractId);
      return this.writeGroup(runner, run, group);
    });
  }

  /** Entries of groups with nothing to bill still count as processed (docs/product.md 3.3). */
  async markProcessed(
    run: RunContext,
    contractId: string,
    entries: readonly ScheduleEntryRef[],
  ): Promise<void> {
    if (entries.length === 0) return;
    await runInTransaction(this.dataSource, async (runner) => {
      await lockContractForBilling(runner, contractId);
      await this.markEntriesProcessed(runner, run, entries);
    });
  }

  /**
   * Parks a contract (docs/product.md 3.9): recorded with its reason, and its due entries marked RunFailed so
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

  private async writeContract(
    runner: QueryRunner,
    run: RunContext,
    contractId: string,
    work: ProposalWork,
  ): Promise<InvoiceDocument[]> {
    await lockContractForBilling(runner, contractId);
    const invoices: InvoiceDocument[] = [];
    for (const group of work.groups) invoices.push(...(await this.writeGroup(runner, run, group)));
    await this.markEntriesProcessed(runner, run, work.entriesWithoutInvoice);
    return invoices;
  }

  private async writeGroup(
    runner: QueryRunner,
    run: RunContext,
    group: InvoiceGroupToWrite,
  ): Promise<InvoiceDocument[]> {
    const numbers = await takeInvoiceNumbers(runner, group.invoices.length);
    const invoices = group.invoices.map((proposal, index) => this.identify(run, proposal, numbers[index]));
    await recordInvoiceGroup(runner, this.eventStore, invoices, group, this.recordOptions(run));
    return invoices;
  }

  private identify(run: RunContext, proposal: ProposedInvoice, invoiceNumber: string): InvoiceDocument {
    return toInvoiceDocument(proposal, {
      invoiceId: randomUUID(),
      invoiceNumber,
      processRunId: run.processRunId,
    });
  }

  private recordOptions(run: RunContext) {
    return {
      at: this.clock.now(),
      metadata: { correlationId: run.processRunId, causationId: run.processRunId },
    };
  }

  private async markEntriesProcessed(
    runner: QueryRunner,
    run: RunContext,
    entries: readonly ScheduleEntryRef[],
  ): Promise<void> {
    if (entries.length === 0) return;
    await runner.query(
      `UPDATE invoicing.schedule_entries AS entry
       SET status = 'RunSuccessful', process_run_id = $1, failure_reason = NULL
       FROM unnest($2::text[], $3::date[]) AS processed (contract_line_id, invoice_run_date)
       WHERE entry.contract_line_id = processed.contract_line_id
         AND entry.invoice_run_date = processed.invoice_run_date
         AND entry.status <> 'RunSuccessful'`,
      [run.processRunId, entries.map((e) => e.contractLineId), entries.map((e) => e.invoiceRunDate)],
    );
  }
}
