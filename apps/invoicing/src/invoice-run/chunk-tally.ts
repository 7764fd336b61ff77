import { InvoiceProposalCounts, addCounts, emptyCounts } from './domain';
import { RunProgress } from './process-run.repository';

/** How one contract went in a run. */
export interface ContractOutcome {
  readonly counts: InvoiceProposalCounts;
  readonly invoicesCreated: number;
  readonly parked: boolean;
}

/** Sums the contracts of a chunk that are completely done, in order, for the run's progress row. */
export class ChunkTally {
  private counts = emptyCounts();
  private invoicesCreated = 0;
  private contractsParked = 0;
  private contractsDone = 0;
  private last: string | null = null;

  get lastContractId(): string | null {
    return this.last;
  }

  add(contractId: string, outcome: ContractOutcome): void {
    this.counts = addCounts(this.counts, outcome.counts);
    this.invoicesCreated += outcome.invoicesCreated;
    if (outcome.parked) this.contractsParked += 1;
    this.contractsDone += 1;
    this.last = contractId;
  }

  /** Null when no contract is done yet: the cursor stays where it was. */
  progress(): RunProgress | null {
    if (this.last === null) return null;
    return {
      cursor: this.last,
      contractsDone: this.contractsDone,
      contractLinesConsidered: this.counts.contractLinesConsidered,
      skippedNoTransactions: this.counts.skippedNoTransactions,
      skippedNoSchedule: this.counts.skippedNoSchedule,
      heldBackByNotToExceed: this.counts.heldBackByNotToExceed,
      invoicesCreated: this.invoicesCreated,
      contractsParked: this.contractsParked,
    };
  }
}
