import {
  ContractCustomer,
  ContractEventDataByType,
  ContractEventEnvelope,
  ScheduleEntry,
  TransactionRecorded,
} from '@app/event-contracts';
import { ProjectionRejection, rejection } from './projection-rejection';
import {
  ContractRow,
  ContractUpdate,
  LineRow,
  MilestoneRow,
  RowChanges,
  ScheduleReplacement,
} from './row-changes';

export interface KnownLine {
  readonly contractId: string;
  readonly lineOrder: number;
}

export interface KnownMilestone {
  readonly contractId: string;
  readonly contractLineId: string;
}

/** What the read model already holds that a batch's events refer to. */
export interface ProjectionContext {
  /** Projected stream version per contract; a contract not projected yet is absent (version 0). */
  readonly versions: ReadonlyMap<string, number>;
  /** Every projected line of the contracts in the batch. */
  readonly lines: ReadonlyMap<string, KnownLine>;
  /** The projected milestones that the batch's events name. */
  readonly milestones: ReadonlyMap<string, KnownMilestone>;
}

type Data<K extends ContractEventEnvelope['eventType']> = ContractEventDataByType[K];

/** The draft's own rows, moved in place until `changes` hands them out. */
type Moving<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The read model's changes from a batch, built event by event (the `evolve` of this projection).
 * `apply` either takes an event into the changes or says why it cannot, changing nothing then.
 * Events must come in stream order; sequencing is the caller's job (see `planBatch`).
 */
export class ProjectionDraft {
  private readonly versions = new Map<string, number>();
  private readonly created = new Map<string, Moving<ContractRow>>();
  private readonly updated = new Map<string, Moving<ContractUpdate>>();
  private readonly lines: Map<string, KnownLine>;
  private readonly lastLineOrder = new Map<string, number>();
  private readonly milestones: Map<string, KnownMilestone>;
  private readonly addedLines: LineRow[] = [];
  private readonly schedules = new Map<string, ScheduleReplacement>();
  private readonly addedMilestones = new Map<string, MilestoneRow>();
  private readonly readyMilestoneIds = new Set<string>();
  private readonly transactions = new Map<string, TransactionRecorded>();

  constructor(private readonly context: ProjectionContext) {
    this.lines = new Map(context.lines);
    this.milestones = new Map(context.milestones);
    for (const line of context.lines.values()) {
      const last = this.lastLineOrder.get(line.contractId) ?? 0;
      this.lastLineOrder.set(line.contractId, Math.max(last, line.lineOrder));
    }
  }

  /** The contract's version with this draft's applied events. */
  versionOf(contractId: string): number {
    return this.versions.get(contractId) ?? this.context.versions.get(contractId) ?? 0;
  }

  apply(event: ContractEventEnvelope): ProjectionRejection | undefined {
    const refused = this.take(event);
    if (refused) return refused;
    this.moveVersion(event.streamId, event.streamVersion);
    return undefined;
  }

  changes(): RowChanges {
    return {
      createdContracts: [...this.created.values()],
      updatedContracts: [...this.updated.values()],
      addedLines: [...this.addedLines],
      replacedSchedules: [...this.schedules.values()],
      addedMilestones: [...this.addedMilestones.values()],
      readyMilestoneIds: [...this.readyMilestoneIds],
      recordedTransactions: [...this.transactions.values()],
    };
  }

  private take(event: ContractEventEnvelope): ProjectionRejection | undefined {
    switch (event.eventType) {
      case 'ContractCreated':
        return this.createContract(event.data, event.streamVersion);
      case 'ContractCustomersSet':
        return this.setCustomers(event.data.contractId, event.data.customers);
      case 'ContractLineAdded':
        return this.addLine(event.data);
      case 'InvoiceScheduleSet':
        return this.setSchedule(event.data);
      case 'MilestoneAdded':
        return this.addMilestone(event.data);
      case 'MilestoneReadyForInvoicing':
        return this.markMilestoneReady(event.data);
      case 'TransactionRecorded':
        return this.recordTransaction(event.data);
    }
  }

  /** Moves the contract's row in place: a batch moves each contract once per event it applies. */
  private moveVersion(contractId: string, streamVersion: number): void {
    this.versions.set(contractId, streamVersion);
    const created = this.created.get(contractId);
    if (created) {
      created.streamVersion = streamVersion;
      return;
    }
    const update = this.updated.get(contractId);
    if (update) {
      update.streamVersion = streamVersion;
      return;
    }
    const expectedVersion = this.context.versions.get(contractId) ?? 0;
    this.updated.set(contractId, { contractId, expectedVersion, streamVersion, customers: null });
  }

  private createContract(data: Data<'ContractCreated'>, streamVersion: number): undefined {
    const { contractId, name, customerId, currency } = data;
    // Without a ContractCustomersSet the creating customer is billed for everything.
    const customers = [{ customerId, billingSplitPercent: '100' }];
    this.created.set(contractId, { contractId, name, customerId, currency, customers, streamVersion });
    return undefined;
  }

  private setCustomers(contractId: string, customers: readonly ContractCustomer[]): undefined {
    const created = this.created.get(contractId);
    if (created) {
      this.created.set(contractId, { ...created, customers });
      return undefined;
    }
    const expectedVersion = this.updated.get(contractId)?.expectedVersion ?? this.versionOf(contractId);
    const streamVersion = this.versionOf(contractId);
    this.updated.set(contractId, { contractId, expectedVersion, streamVersion, customers });
    return undefined;
  }

  private addLine(data: Data<'ContractLineAdded'>): ProjectionRejection | undefined {
    const { contractId, contractLineId } = data;
    if (this.lines.has(contractLineId)) {
      return rejection(
        'DUPLICATE_CONTRACT_LINE',
        `line ${contractLineId} exists already`,
        'data.contractLineId',
      );
    }
    const lineOrder = (this.lastLineOrder.get(contractId) ?? 0) + 1;
    this.lastLineOrder.set(contractId, lineOrder);
    this.lines.set(contractLineId, { contractId, lineOrder });
    const { name, billingMethod, includedTransactionClasses, notToExceed } = data;
    this.addedLines.push({
      contractLineId,
      contractId,
      lineOrder,
      name,
      billingMethod,
      includedTransactionClasses,
      notToExceed,
    });
    return undefined;
  }

  private setSchedule(data: Data<'InvoiceScheduleSet'>): ProjectionRejection | undefined {
    const { contractId, contractLineId } = data;
    const unknown = this.unknownLine(contractId, contractLineId);
    if (unknown) return unknown;
    this.schedules.set(contractLineId, {
      contractLineId,
      contractId,
      entries: oneEntryPerRunDate(data.entries),
    });
    return undefined;
  }

  private addMilestone(data: Data<'MilestoneAdded'>): ProjectionRejection | undefined {
    const { contractId, contractLineId, milestoneId } = data;
    const unknown = this.unknownLine(contractId, contractLineId);
    if (unknown) return unknown;
    if (this.milestones.has(milestoneId)) {
      return rejection('DUPLICATE_MILESTONE', `milestone ${milestoneId} exists already`, 'data.milestoneId');
    }
    this.milestones.set(milestoneId, { contractId, contractLineId });
    const { name, milestoneDate, amount } = data;
    this.addedMilestones.set(milestoneId, {
      milestoneId,
      contractLineId,
      contractId,
      name,
      milestoneDate,
      amount,
      readyForInvoicing: false,
    });
    return undefined;
  }

  private markMilestoneReady(data: Data<'MilestoneReadyForInvoicing'>): ProjectionRejection | undefined {
    const { contractId, contractLineId, milestoneId } = data;
    const known = this.milestones.get(milestoneId);
    if (!known || known.contractId !== contractId || known.contractLineId !== contractLineId) {
      const message = `milestone ${milestoneId} is not a milestone of line ${contractLineId}`;
      return rejection('UNKNOWN_MILESTONE', message, 'data.milestoneId');
    }
    const added = this.addedMilestones.get(milestoneId);
    if (added) this.addedMilestones.set(milestoneId, { ...added, readyForInvoicing: true });
    else this.readyMilestoneIds.add(milestoneId);
    return undefined;
  }

  private recordTransaction(data: Data<'TransactionRecorded'>): ProjectionRejection | undefined {
    const unknown = this.unknownLine(data.contractId, data.contractLineId);
    if (unknown) return unknown;
    if (this.transactions.has(data.transactionId)) {
      const message = `transaction ${data.transactionId} is recorded twice`;
      return rejection('DUPLICATE_TRANSACTION', message, 'data.transactionId');
    }
    this.transactions.set(data.transactionId, data);
    return undefined;
  }

  private unknownLine(contractId: string, contractLineId: string): ProjectionRejection | undefined {
    if (this.lines.get(contractLineId)?.contractId === contractId) return undefined;
    const message = `line ${contractLineId} is not a line of contract ${contractId}`;
    return rejection('UNKNOWN_CONTRACT_LINE', message, 'data.contractLineId');
  }
}

/** Two entries on one run date cannot both be stored; as the invoice run does, the later cut-off wins. */
export function oneEntryPerRunDate(entries: readonly ScheduleEntry[]): ScheduleEntry[] {
  const byRunDate = new Map<string, ScheduleEntry>();
  for (const entry of entries) {
    const other = byRunDate.get(entry.invoiceRunDate);
    if (!other || other.transactionCutoffDate < entry.transactionCutoffDate)
      byRunDate.set(entry.invoiceRunDate, entry);
  }
  return [...byRunDate.values()].sort((a, b) => (a.invoiceRunDate < b.invoiceRunDate ? -1 : 1));
}
