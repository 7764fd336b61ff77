import { Inject, Injectable } from '@nestjs/common';
import { AlreadyBilledError, InvoiceMetrics } from '../invoice';
import { BILLING_INPUT_SOURCE, BillingInputSource } from './billing-input.source';
import { ContractOutcome } from './chunk-tally';
import { ContractBillingInput, InvoiceProposalCounts, emptyCounts, proposeForContracts } from './domain';
import { ContractWork, InvoiceGroupWriter, RunContext } from './invoice-group.writer';
import { PROCESS_RUN_OPTIONS, ProcessRunOptions } from './process-run.options';
import { workOf } from './proposal-groups';
import { RunStopSignal, RunStopped } from './run-stop-signal';
import { isTransientFailure } from '../database';

type Planned =
  | { readonly kind: 'parked'; readonly contractId: string; readonly reason: string }
  | ({
      readonly kind: 'work';
      readonly contractId: string;
      readonly counts: InvoiceProposalCounts;
    } & ContractWork);

/**
 * Invoices contracts for a run. The fast path writes a batch of contracts in one transaction; a
 * contract that fails there (its items billed meanwhile, a deadlock, anything) takes the careful
 * path: re-read what is still unbilled, write group by group, retry a few times, else park it.
 */
@Injectable()
export class ContractInvoicer {
  constructor(
    @Inject(BILLING_INPUT_SOURCE) private readonly reader: BillingInputSource,
    private readonly writer: InvoiceGroupWriter,
    private readonly metrics: InvoiceMetrics,
    @Inject(PROCESS_RUN_OPTIONS) private readonly options: ProcessRunOptions,
  ) {}

  /** Outcomes in the order of `inputs`. */
  async invoiceBatch(
    run: RunContext,
    inputs: readonly ContractBillingInput[],
    signal: RunStopSignal,
  ): Promise<ContractOutcome[]> {
    const planned = inputs.map((input) => plan(input, run.runDate));
    const work = planned.filter((p): p is Extract<Planned, { kind: 'work' }> => p.kind === 'work');
    const written = work.some(hasWrites)
      ? await this.writer.writeContracts(run, work.filter(hasWrites))
      : new Map();
    const outcomes: ContractOutcome[] = [];
    for (const [index, p] of planned.entries()) {
      if (p.kind === 'parked') {
        await this.writer.park(run, p.contractId, p.reason);
        outcomes.push(parkedOutcome());
        continue;
      }
      const result = written.get(p.contractId);
      if (result === undefined) outcomes.push({ counts: p.counts, invoicesCreated: 0, parked: false });
      else if (result.ok) outcomes.push(this.created(p.counts, result.invoices.length));
      else outcomes.push(await this.invoiceCarefully(run, inputs[index].contractId, result.error, signal));
    }
    return outcomes;
  }

  /** The careful path for one contract whose batch write failed with `error`. */
  private async invoiceCarefully(
    run: RunContext,
    contractId: string,
    error: unknown,
    signal: RunStopSignal,
  ): Promise<ContractOutcome> {
    let failure = error;
    for (let attempt = 1; ; attempt += 1) {
      const retriable = failure instanceof AlreadyBilledError || isTransientFailure(failure);
      if (!retriable || attempt > this.options.contractAttempts) {
        await this.writer.park(run, contractId, reasonOf(failure));
        return parkedOutcome();
      }
      const [fresh] = await this.reader.load([contractId]);
      if (fresh === undefined) return { counts: emptyCounts(), invoicesCreated: 0, parked: false };
      try {
        return await this.invoiceGroupByGroup(run, fresh, signal);
      } catch (next) {
        if (next instanceof RunStopped) throw next;
        failure = next;
      }
    }
  }

  private async invoiceGroupByGroup(
    run: RunContext,
    input: ContractBillingInput,
    signal: RunStopSignal,
  ): Promise<ContractOutcome> {
    const p = plan(input, run.runDate);
    if (p.kind === 'parked') {
      await this.writer.park(run, p.contractId, p.reason);
      return parkedOutcome();
    }
    let invoices = 0;
    for (const group of p.work.groups) {
      signal.progressed();
      if (signal.reason !== null) throw new RunStopped(signal.reason);
      invoices += (await this.writer.write(run, group)).length;
      this.metrics.created('process-run', group.invoices.length);
    }
    await this.writer.markProcessed(run, input.contractId, p.work.entriesWithoutInvoice);
    return { counts: p.counts, invoicesCreated: invoices, parked: false };
  }

  /** Counted once committed. */
  private created(counts: InvoiceProposalCounts, invoices: number): ContractOutcome {
    if (invoices > 0) this.metrics.created('process-run', invoices);
    return { counts, invoicesCreated: invoices, parked: false };
  }
}

/** What the pure generator makes of one contract: its work, or why it is parked. */
function plan(input: ContractBillingInput, runDate: string): Planned {
  const { proposals, parked, counts } = proposeForContracts([input], runDate);
  if (parked.length > 0) {
    return { kind: 'parked', contractId: input.contractId, reason: `${parked[0].code}: ${parked[0].reason}` };
  }
  return { kind: 'work', contractId: input.contractId, counts, work: workOf(proposals[0].proposal) };
}

function hasWrites({ work }: ContractWork): boolean {
  return work.groups.length > 0 || work.entriesWithoutInvoice.length > 0;
}

function parkedOutcome(): ContractOutcome {
  return { counts: emptyCounts(), invoicesCreated: 0, parked: true };
}

function reasonOf(error: unknown): string {
  if (error instanceof AlreadyBilledError) return `ALREADY_BILLED: ${error.message}`;
  return `UNEXPECTED_ERROR: ${error instanceof Error ? error.message : String(error)}`;
}
