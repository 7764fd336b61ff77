import { Inject, Injectable } from '@nestjs/common';
import { runInTransaction } from '@app/event-store';
import { DataSource } from 'typeorm';
import { BILLING_INPUT_SOURCE, BillingInputSource } from './billing-input.source';
import {
  HeldBackTransaction,
  InvoiceProposalCounts,
  ParkedContract,
  ProposedInvoice,
  addCounts,
  emptyCounts,
  proposeForContracts,
} from './domain';
import { PROCESS_RUN_OPTIONS, ProcessRunOptions } from './process-run.options';

export interface InvoicePreview {
  readonly runDate: string;
  readonly counts: InvoiceProposalCounts & { readonly contractsParked: number };
  readonly invoices: readonly ProposedInvoice[];
  readonly parked: readonly ParkedContract[];
  readonly heldBack: readonly HeldBackTransaction[];
}

/**
 * `GET /invoice-preview`: the selection and grouping of a process run on `runDate`, writing nothing.
 * It pages through the due contracts like a run, inside one read-only repeatable-read transaction,
 * so every page sees the same snapshot and the database itself refuses any write.
 */
@Injectable()
export class InvoicePreviewService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(BILLING_INPUT_SOURCE) private readonly reader: BillingInputSource,
    @Inject(PROCESS_RUN_OPTIONS) private readonly options: ProcessRunOptions,
  ) {}

  async preview(runDate: string): Promise<InvoicePreview> {
    return runInTransaction(
      this.dataSource,
      async (runner) => {
        await runner.query('SET TRANSACTION READ ONLY');
        const invoices: ProposedInvoice[] = [];
        const parked: ParkedContract[] = [];
        const heldBack: HeldBackTransaction[] = [];
        const withoutSchedule = await this.reader.countLinesWithoutSchedule(runDate, runner);
        let counts = {
          ...emptyCounts(),
          contractLinesConsidered: withoutSchedule,
          skippedNoSchedule: withoutSchedule,
        };
        let cursor: string | null = null;
        for (;;) {
          const ids = await this.reader.dueContractIds(runDate, cursor, this.options.chunkSize, runner);
          if (ids.length === 0) break;
          const chunk = proposeForContracts(await this.reader.load(ids, runner), runDate);
          for (const { proposal } of chunk.proposals) {
            invoices.push(...proposal.invoices);
            heldBack.push(...proposal.heldBack);
          }
          parked.push(...chunk.parked);
          counts = addCounts(counts, chunk.counts);
          cursor = ids[ids.length - 1];
        }
        return { runDate, counts: { ...counts, contractsParked: parked.length }, invoices, parked, heldBack };
      },
      'REPEATABLE READ',
    );
  }
}
