import { Inject, Injectable } from '@nestjs/common';
import { runInTransaction } from '@app/event-store';
import { DataSource } from 'typeorm';
import { BILLING_INPUT_SOURCE, BillingInputSource } from './billing-input.source';
import {
  HeldBackTransaction,
  InvoiceProposalCounts,
  ParkedContract,
  addCounts,
  emptyCounts,
  proposeForContracts,
} from './domain';
import { ProposedInvoice } from '../invoice/domain';
import { PROCESS_RUN_OPTIONS, ProcessRunOptions } from './process-run.options';

export interface InvoicePreview {
  readonly runDate: string;
  /** This page's counts; summed over all pages they are what a run on `runDate` would report. */
  readonly counts: InvoiceProposalCounts & { readonly contractsParked: number };
  readonly invoices: readonly ProposedInvoice[];
  readonly parked: readonly ParkedContract[];
  readonly heldBack: readonly HeldBackTransaction[];
  /** The contract id to continue after, or null on the last page. */
  readonly nextAfter: string | null;
}

export interface PreviewPageRequest {
  readonly runDate: string;
  /** Due contracts on the page at most. */
  readonly limit: number;
  /** The last contract of the previous page; null for the first. */
  readonly after: string | null;
}

/** Contracts loaded at a time within a page: a page that reaches its detail bound loads no more. */
const LOAD_BATCH = 10;

function detailCount(invoices: readonly ProposedInvoice[]): number {
  return invoices.reduce(
    (sum, invoice) => sum + invoice.lines.reduce((n, line) => n + line.details.length, 0),
    0,
  );
}

/**
 * `GET /invoice-preview`: the selection and grouping of a process run on `runDate`, writing nothing,
 * a page of due contracts at a time (contract id order, like a run). A page is one short read-only
 * repeatable-read transaction, so the database itself refuses any write, and it is bounded twice:
 * by `limit` contracts and by `previewDetailsPerPage` invoice details (it ends after the contract that
 * reaches them), so no call holds a connection or builds a response for the whole portfolio.
 * Pages are separate snapshots: a contract that becomes due between two pages is previewed only if
 * it sorts after the cursor.
 */
@Injectable()
export class InvoicePreviewService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(BILLING_INPUT_SOURCE) private readonly reader: BillingInputSource,
    @Inject(PROCESS_RUN_OPTIONS) private readonly options: ProcessRunOptions,
  ) {}

  async preview({ runDate, limit, after }: PreviewPageRequest): Promise<InvoicePreview> {
    return runInTransaction(
      this.dataSource,
      async (runner) => {
        await runner.query('SET TRANSACTION READ ONLY');
        const invoices: ProposedInvoice[] = [];
        const parked: ParkedContract[] = [];
        const heldBack: HeldBackTransaction[] = [];
        // Lines that no run ever invoices belong to no page of due contracts: the first page counts them.
        const withoutSchedule =
          after === null ? await this.reader.countLinesWithoutSchedule(runDate, runner) : 0;
        let counts = {
          ...emptyCounts(),
          contractLinesConsidered: withoutSchedule,
          skippedNoSchedule: withoutSchedule,
        };
        // One more than the page holds, to know whether another page follows.
        const due = await this.reader.dueContractIds(runDate, after, limit + 1, runner);
        const ids = due.slice(0, limit);
        let last: string | null = null;
        let details = 0;
        for (
          let start = 0;
          start < ids.length && details < this.options.previewDetailsPerPage;
          start += LOAD_BATCH
        ) {
          const inputs = await this.reader.load(ids.slice(start, start + LOAD_BATCH), runner);
          const byId = new Map(inputs.map((input) => [input.contractId, input]));
          for (const contractId of ids.slice(start, start + LOAD_BATCH)) {
            if (details >= this.options.previewDetailsPerPage) break;
            last = contractId;
            const input = byId.get(contractId);
            if (input === undefined) continue; // no longer projected: nothing to bill
            const chunk = proposeForContracts([input], runDate);
            for (const { proposal } of chunk.proposals) {
              invoices.push(...proposal.invoices);
              heldBack.push(...proposal.heldBack);
              details += detailCount(proposal.invoices);
            }
            parked.push(...chunk.parked);
            counts = addCounts(counts, chunk.counts);
          }
        }
        const more = due.length > limit || (last !== null && last !== ids[ids.length - 1]);
        return {
          runDate,
          counts: { ...counts, contractsParked: parked.length },
          invoices,
          parked,
          heldBack,
          nextAfter: more ? last : null,
        };
      },
      'REPEATABLE READ',
    );
  }
}
