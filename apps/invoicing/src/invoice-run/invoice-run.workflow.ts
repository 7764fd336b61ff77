import { Inject, Injectable } from '@nestjs/common';
import { BILLING_INPUT_SOURCE, BillingInputSource } from './billing-input.source';
import { ChunkTally } from './chunk-tally';
import { emptyCounts } from './domain';
import { ContractInvoicer } from './contract-invoicer';
import { PROCESS_RUN_OPTIONS, ProcessRunOptions } from './process-run.options';
import { ProcessRunRepository } from './process-run.repository';
import { ClaimedRun } from './process-run.row';
import { ReplicaIdentity } from './replica-identity';
import { RunStopSignal, RunStopped } from './run-stop-signal';

/**
 * The invoice workflow of a process run (SPEC 3): due contracts a chunk at a time, each chunk
 * loaded, proposed by the pure generator and written a batch of contracts at a time (one
 * transaction each), so memory stays bounded whatever the data size. The cursor and counts advance
 * after each chunk, and at a stop, only past contracts that are completely done, so a run resumed
 * by another replica continues exactly where the last one left off; anything the previous owner had
 * committed beyond it is no longer due, and the billed-once check catches the rest.
 */
@Injectable()
export class InvoiceRunWorkflow {
  constructor(
    @Inject(BILLING_INPUT_SOURCE) private readonly reader: BillingInputSource,
    private readonly invoicer: ContractInvoicer,
    private readonly runs: ProcessRunRepository,
    private readonly replica: ReplicaIdentity,
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
    this.stillOwned(await this.runs.begin(run.processRunId, this.replica.id, due, withoutSchedule), signal);
  }

  private async invoiceChunk(run: ClaimedRun, ids: readonly string[], signal: RunStopSignal): Promise<void> {
    const tally = new ChunkTally();
    try {
      for (let start = 0; start < ids.length; start += this.options.writeBatchSize) {
        checkpoint(signal);
        const batchIds = ids.slice(start, start + this.options.writeBatchSize);
        // Loaded a batch at a time: a whole chunk's inputs would stay in memory across all of its
        // writes, and the heap V8 lets grow before a full collection is a multiple of what is live.
        // A contract the projection no longer holds has nothing to bill: done as it is.
        const batch = await this.reader.load(batchIds);
        const outcomes = await this.invoicer.invoiceBatch(run, batch, signal);
        const byId = new Map(batch.map((input, index) => [input.contractId, outcomes[index]]));
        for (const id of batchIds) {
          tally.add(id, byId.get(id) ?? { counts: emptyCounts(), invoicesCreated: 0, parked: false });
        }
      }
    } finally {
      const progress = tally.progress();
      if (progress !== null) {
        this.stillOwned(await this.runs.recordProgress(run.processRunId, this.replica.id, progress), signal);
      }
    }
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
