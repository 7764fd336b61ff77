import { ProcessRunCounts } from '@app/event-contracts';
import { ContractBillingInput } from './billing-input';
import { InvalidBillingInputError } from './billing-input.validation';
import { InvoiceProposal, InvoiceProposalCounts, addCounts, emptyCounts } from './invoice-proposal';
import { proposeInvoices } from './propose-invoices';

/** A contract the generator could not invoice, with why; the run marks its due entries `RunFailed`. */
export interface ParkedContract {
  readonly contractId: string;
  /** An `InvalidBillingInputCode`, or `UNEXPECTED_ERROR` for anything else. */
  readonly code: string;
  readonly reason: string;
}

export interface ContractsProposal {
  readonly proposals: readonly { readonly contractId: string; readonly proposal: InvoiceProposal }[];
  readonly parked: readonly ParkedContract[];
  /** Summed over the contracts that were not parked. */
  readonly counts: InvoiceProposalCounts;
}

/**
 * Proposes invoices for a chunk of contracts, in the order given. One bad contract never stops
 * the others (docs/product.md 3.9): whatever it throws parks it, with the reason. The preview endpoint and
 * each chunk of a process run call this.
 */
export function proposeForContracts(
  inputs: Iterable<ContractBillingInput>,
  runDate: string,
): ContractsProposal {
  const proposals: { contractId: string; proposal: InvoiceProposal }[] = [];
  const parked: ParkedContract[] = [];
  let counts = emptyCounts();
  for (const input of inputs) {
    try {
      const proposal = proposeInvoices(input, runDate);
      proposals.push({ contractId: input.contractId, proposal });
      counts = addCounts(counts, proposal.counts);
    } catch (error) {
      parked.push(parkedFor(input.contractId, error));
    }
  }
  return { proposals, parked, counts };
}

function parkedFor(contractId: string, error: unknown): ParkedContract {
  if (error instanceof InvalidBillingInputError)
    return { contractId, code: error.code, reason: error.message };
  const reason = error instanceof Error ? error.message : String(error);
  return { contractId, code: 'UNEXPECTED_ERROR', reason };
}

/**
 * The counts a process run publishes (docs/product.md 4.5), from the generator's counts and what the run
 * actually committed: invoices created and contracts parked (also those whose persistence failed).
 */
export function processRunCountsFrom(
  counts: InvoiceProposalCounts,
  committed: { readonly invoicesCreated: number; readonly contractsParked: number },
): ProcessRunCounts {
  return {
    contractLinesConsidered: counts.contractLinesConsidered,
    invoicesCreated: committed.invoicesCreated,
    skippedNoTransactions: counts.skippedNoTransactions,
    skippedNoSchedule: counts.skippedNoSchedule,
    heldBackByNotToExceed: counts.heldBackByNotToExceed,
    contractsParked: committed.contractsParked,
  };
}
