import { Inject, Injectable } from '@nestjs/common';
import { PROJECTION_HELD, ProjectionCatchUp } from '../contract-projection';
import { BILLING_INPUT_SOURCE, BillingInputSource } from './billing-input.source';
import { ChunkTally } from './chunk-tally';
import { emptyCounts } from './domain';
import { ContractInvoicer } from './contract-invoicer';
import { InvoiceGroupWriter } from './invoice-group.writer';
import { PROCESS_RUN_OPTIONS, ProcessRunOptions } from './process-run.options';
import { ProcessRunRepository } from './process-run.repository';
import { ClaimedRun } from './process-run.row';
import { ReplicaIdentity } from './replica-identity';
import { RunStopSignal, RunStopped } from './run-stop-signal';

/**
 * The invoice workflow of a process run (docs/product.md 3): due contracts a chunk at a time, each chunk
 * loaded, proposed by the pure generator and written a batch of contracts at a time (one
 * transaction each), so memory stays bounded whatever the data size. The cursor and counts advance
 * after each chunk, and at a stop, only past contracts that are completely done, so a run resumed
 * by another replica continues exactly where the last one left off; anything the previous owner had
 * committed beyond it is no longer due, and the billed-once check catches the rest.
 *
 * Complete input (docs/adr/0006): before its first chunk a run waits until the projection has
 * applied `contracts.events` up to the end offsets read at that moment, or fails with
 * PROJECTION_BEHIND having written nothing; contracts the projection holds after a gap are parked
 * and left out of the run, whose other contracts go on.
 */
@Injectable()
export class InvoiceRunWorkflow {
  constructor(
    @Inject(BILLING_INPUT_SOURCE) private readonly reader: BillingInputSource,
    private readonly invoicer: ContractInvoicer,
    private readonly writer: InvoiceGroupWriter,
    private readonly projection: ProjectionCatchUp,
    private readonly runs: ProcessRunRepository,
    private readonly replica: ReplicaIdentity,
    @Inject(PROCESS_RUN_OPTIONS) private readonly options: ProcessRunOptions,
  ) {}

  async execute(run: ClaimedRun, signal: RunStopSignal): Promise<void> {
    if (run.cursor === null) await this.begin(run, signal);
    const held = await this.parkHeld(run, signal);
    let cursor = run.cursor;
    for (;;) {
      checkpoint(signal);
      const ids = await this.reader.dueContractIds(run.runDate, cursor, this.options.chunkSize);
      if (ids.length === 0) return;
      const billable = ids.filter((id) => !held.has(id));
      if (billable.length > 0) await this.invoiceChunk(run, billable, signal);
      cursor = ids[ids.length - 1];
    }
  }

  /**
   * Waits for the projection first (a run taken over before its first chunk waits again, for the
   * end offsets of its own start); a run resumed after a chunk does not, as the projection had
   * caught up before that chunk, and its positions never go back while a run is running (a rebuild
   * is refused then).
   */
  private async begin(run: ClaimedRun, signal: RunStopSignal): Promise<void> {
    await this.projection.awaitEndOffsets({
      waitMs: this.options.projectionWaitMs,
      checkpoint: () => checkpoint(signal),
    });
    // Counted before the first chunk changes which contracts are due.
    const due = await this.reader.countDueContracts(run.runDate);
    const withoutSchedule = await this.reader.countLinesWithoutSchedule(run.runDate);
    this.stillOwned(await this.runs.begin(run.processRunId, this.replica.id, due, withoutSchedule), signal);
  }

  /**
   * Parks the contracts the projection holds now (those still ahead of the cursor: a resumed run
   * does not park a contract it has finished), and answers every contract this run parked as held,
   * which it leaves out even once the missing event has arrived: they wait for the next run.
   */
  private async parkHeld(run: ClaimedRun, signal: RunStopSignal): Promise<Set<string>> {
    for (const { contractId, reason } of await this.projection.heldContracts()) {
      if (run.cursor !== null && contractId <= run.cursor) continue;
      checkpoint(signal);
      await this.writer.park(run, contractId, reason);
    }
    return new Set(await this.runs.parkedWith(run.processRunId, PROJECTION_HELD));
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
    // A run that stalled first ends as stalled: that is why it lost the lease.
    throw new RunStopped(signal.reason ?? 'lease-lost');
  }
}

/** A safe point: progress for the lease, and where a stop takes effect. */
function checkpoint(signal: RunStopSignal): void {
  signal.progressed();
  if (signal.reason !== null) throw new RunStopped(signal.reason);
}
