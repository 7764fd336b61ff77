import { Inject, Injectable } from '@nestjs/common';
import { InvoiceMetrics } from '../invoice/invoice.metrics';
import { AlreadyBilledError } from '../invoice/invoice.persistence';
import { BILLING_INPUT_SOURCE, BillingInputSource } from './billing-input.source';
import { ContractBillingInput, emptyCounts, proposeForContracts } from './domain';
import { InvoiceGroupWriter, RunContext } from './invoice-group.writer';
import { PROCESS_RUN_OPTIONS, ProcessRunOptions } from './process-run.options';
import { ProcessRunRepository } from './process-run.repository';
import { ClaimedRun } from './process-run.row';
import { workOf } from './proposal-groups';
import { ReplicaIdentity } from './replica-identity';
import { ChunkTally, ContractOutcome } from './chunk-tally';
import { RunStopSignal, RunStopped } from './run-stop-signal';
import { isTransientFailure } from './sql';

/**
 * The invoice workflow of a process run (SPEC 3): due contracts a chunk at a time, each contract
 * proposed by the pure generator and written group by group. The cursor and counts advance after
 * each chunk (and at a stop), only past contracts that are completely done, so a run resumed by
 * another replica continues exactly where the last one left off; anything that replica had already
 * committed is no longer due, and the billed-once check catches the rest.
 */
@Injectable()
export class InvoiceRunWorkflow {
  constructor(
    @Inject(BILLING_INPUT_SOURCE) private readonly reader: BillingInputSource,
    private readonly writer: InvoiceGroupWriter,
    private readonly runs: ProcessRunRepository,
    private readonly replica: ReplicaIdentity,
    private readonly metrics: InvoiceMetrics,
    @Inject(PROCESS_RUN_OPTIONS) private readonly options: ProcessRunOptions,
  ) {}

  async execute(run: ClaimedRun, signal: RunStopSignal): Promise<void> {
    if (run.cursor === null) await this.begin(run, signal);
    let cursor = run.cursor;
    for (;;) {
      checkpoint(signal);
      const ids = await this.reader.dueContractIds(run.runDate, cursor, this.options.chunkSize);
      if (ids.length === 0) return;
      await this.invoiceChunk(run, ids, signal);
      cursor = ids[ids.length - 1];
    }
  }

  private async begin(run: ClaimedRun, signal: RunStopSignal): Promise<void> {
    // Counted before the first chunk changes which contracts are due.
    const due = await this.reader.countDueContracts(run.runDate);
    const withoutSchedule = await this.reader.countLinesWithoutSchedule(run.runDate);
    const owner = this.replica.id;
    this.stillOwned(await this.runs.begin(run.processRunId, owner, due, withoutSchedule), signal);
  }

  private async invoiceChunk(run: ClaimedRun, ids: readonly string[], signal: RunStopSignal): Promise<void> {
    const inputs = new Map((await this.reader.load([...ids])).map((input) => [input.contractId, input]));
    const tally = new ChunkTally();
    try {
      for (const contractId of ids) {
        checkpoint(signal);
        const input = inputs.get(contractId);
        // A contract the projection no longer holds as due has nothing to bill.
        const outcome =
          input === undefined ? nothingBilled() : await this.invoiceContract(run, input, signal);
        tally.add(contractId, outcome);
        inputs.delete(contractId);
      }
    } finally {
      const progress = tally.progress();
      if (progress !== null) {
        this.stillOwned(await this.runs.recordProgress(run.processRunId, this.replica.id, progress), signal);
      }
    }
  }

  /**
   * One contract, retried when its items were billed concurrently or the database asked for a
   * retry (re-reading what is still unbilled), parked when it cannot be invoiced.
   */
  private async invoiceContract(
    run: RunContext,
    first: ContractBillingInput,
    signal: RunStopSignal,
  ): Promise<ContractOutcome> {
    let input = first;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.tryContract(run, input, signal);
      } catch (error) {
        if (error instanceof RunStopped) throw error;
        const retriable = error instanceof AlreadyBilledError || isTransientFailure(error);
        if (!retriable || attempt >= this.options.contractAttempts) {
          await this.writer.park(run, input.contractId, reasonOf(error));
          return { counts: emptyCounts(), invoicesCreated: 0, parked: true };
        }
        const [fresh] = await this.reader.load([input.contractId]);
        if (fresh === undefined) return nothingBilled();
        input = fresh;
      }
    }
  }

  private async tryContract(
    run: RunContext,
    input: ContractBillingInput,
    signal: RunStopSignal,
  ): Promise<ContractOutcome> {
    const { proposals, parked, counts } = proposeForContracts([input], run.runDate);
    if (parked.length > 0) {
      await this.writer.park(run, input.contractId, `${parked[0].code}: ${parked[0].reason}`);
      return { counts: emptyCounts(), invoicesCreated: 0, parked: true };
    }
    const work = workOf(proposals[0].proposal);
    let invoicesCreated = 0;
    for (const group of work.groups) {
      checkpoint(signal);
      const created = await this.writer.write(run, group);
      this.metrics.created('process-run', created.length);
      invoicesCreated += created.length;
    }
    await this.writer.markProcessed(run, input.contractId, work.entriesWithoutInvoice);
    return { counts, invoicesCreated, parked: false };
  }

  private stillOwned(owned: boolean, signal: RunStopSignal): void {
    if (owned) return;
    signal.stop('lease-lost');
    throw new RunStopped('lease-lost');
  }
}

function checkpoint(signal: RunStopSignal): void {
  if (signal.reason !== null) throw new RunStopped(signal.reason);
}

function nothingBilled(): ContractOutcome {
  return { counts: emptyCounts(), invoicesCreated: 0, parked: false };
}

function reasonOf(error: unknown): string {
  if (error instanceof AlreadyBilledError) return `ALREADY_BILLED: ${error.message}`;
  return `UNEXPECTED_ERROR: ${error instanceof Error ? error.message : String(error)}`;
}
