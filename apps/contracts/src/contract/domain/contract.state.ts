import {
  BillingMethod,
  ContractCustomer,
  ContractEvent,
  ContractLineAdded,
  InvoiceScheduleSet,
  MilestoneAdded,
  ScheduleEntry,
  ScheduleFrequency,
  TransactionClass,
  TransactionRecorded,
} from '@app/event-contracts';
import { hasOwn } from './field-rules';
import { TransactionIndex, transactionFingerprint, withTransaction } from './transaction-index';

/**
 * The statuses this aggregate moves a milestone through. `InvoiceCreated` and `InvoicePosted` are
 * the invoicing service's facts: the contract view learns them from `invoicing.invoices`, but no
 * contract command depends on them, so the decision state does not carry them.
 */
export type ContractMilestoneStatus = 'NotReadyForInvoicing' | 'ReadyForInvoicing';

export interface MilestoneState {
  readonly milestoneId: string;
  readonly name: string;
  readonly milestoneDate: string;
  readonly amount: string;
  readonly status: ContractMilestoneStatus;
}

export interface InvoiceScheduleState {
  readonly frequency: ScheduleFrequency | null;
  readonly entries: readonly ScheduleEntry[];
}

export interface ContractLineState {
  readonly contractLineId: string;
  readonly name: string;
  readonly billingMethod: BillingMethod;
  readonly includedTransactionClasses: readonly TransactionClass[];
  readonly notToExceed: string | null;
  /** The latest schedule set on the line: the entries it has not run yet (see set-invoice-schedule.ts). */
  readonly schedule: InvoiceScheduleState | null;
  readonly milestones: Readonly<Record<string, MilestoneState>>;
}

export interface NoContract {
  readonly exists: false;
}

export interface ExistingContract {
  readonly exists: true;
  readonly contractId: string;
  readonly name: string;
  readonly customerId: string;
  readonly currency: string;
  /** The billing split; a new contract bills its one customer for 100 percent. */
  readonly customers: readonly ContractCustomer[];
  readonly lines: Readonly<Record<string, ContractLineState>>;
  readonly transactions: TransactionIndex;
}

/** Everything the contract rules need, and nothing more: it is snapshotted as JSON on every write. */
export type ContractState = NoContract | ExistingContract;

export const initialState: ContractState = { exists: false };

export function findLine(state: ExistingContract, contractLineId: string): ContractLineState | undefined {
  return hasOwn(state.lines, contractLineId) ? state.lines[contractLineId] : undefined;
}

/** Milestone ids are unique within a contract, whichever line holds them. */
export function findMilestone(
  state: ExistingContract,
  milestoneId: string,
): { line: ContractLineState; milestone: MilestoneState } | undefined {
  for (const line of Object.values(state.lines)) {
    if (hasOwn(line.milestones, milestoneId)) return { line, milestone: line.milestones[milestoneId] };
  }
  return undefined;
}

function withLine(state: ExistingContract, line: ContractLineState): ExistingContract {
  return { ...state, lines: { ...state.lines, [line.contractLineId]: line } };
}

function updateLine(
  state: ExistingContract,
  contractLineId: string,
  change: (line: ContractLineState) => ContractLineState,
): ExistingContract {
  const line = findLine(state, contractLineId);
  return line ? withLine(state, change(line)) : state;
}

function lineAdded(data: ContractLineAdded): ContractLineState {
  return {
    contractLineId: data.contractLineId,
    name: data.name,
    billingMethod: data.billingMethod,
    includedTransactionClasses: [...data.includedTransactionClasses],
    notToExceed: data.notToExceed,
    schedule: null,
    milestones: {},
  };
}

function scheduleSet(data: InvoiceScheduleSet): InvoiceScheduleState {
  return { frequency: data.frequency, entries: data.entries.map((entry) => ({ ...entry })) };
}

function milestoneAdded(data: MilestoneAdded): MilestoneState {
  const { milestoneId, name, milestoneDate, amount } = data;
  return { milestoneId, name, milestoneDate, amount, status: 'NotReadyForInvoicing' };
}

function transactionRecorded(state: ExistingContract, data: TransactionRecorded): ExistingContract {
  const fingerprint = transactionFingerprint(data);
  return { ...state, transactions: withTransaction(state.transactions, data.transactionId, fingerprint) };
}

function evolveExisting(state: ExistingContract, event: ContractEvent): ExistingContract {
  switch (event.type) {
    case 'ContractCreated':
      return state;
    case 'ContractCustomersSet':
      return { ...state, customers: event.data.customers.map((customer) => ({ ...customer })) };
    case 'ContractLineAdded':
      return withLine(state, lineAdded(event.data));
    case 'InvoiceScheduleSet':
      return updateLine(state, event.data.contractLineId, (line) => ({
        ...line,
        schedule: scheduleSet(event.data),
      }));
    case 'MilestoneAdded': {
      const milestone = milestoneAdded(event.data);
      return updateLine(state, event.data.contractLineId, (line) => ({
        ...line,
        milestones: { ...line.milestones, [milestone.milestoneId]: milestone },
      }));
    }
    case 'MilestoneReadyForInvoicing': {
      const { contractLineId, milestoneId } = event.data;
      return updateLine(state, contractLineId, (line) =>
        hasOwn(line.milestones, milestoneId)
          ? {
              ...line,
              milestones: {
                ...line.milestones,
                [milestoneId]: { ...line.milestones[milestoneId], status: 'ReadyForInvoicing' },
              },
            }
          : line,
      );
    }
    case 'TransactionRecorded':
      return transactionRecorded(state, event.data);
  }
}

/** Applies one event. Events are facts: one that does not fit the state is ignored, never refused. */
export function evolve(state: ContractState, event: ContractEvent): ContractState {
  if (state.exists) return evolveExisting(state, event);
  if (event.type !== 'ContractCreated') return state;
  const { contractId, name, customerId, currency } = event.data;
  return {
    exists: true,
    contractId,
    name,
    customerId,
    currency,
    customers: [{ customerId, billingSplitPercent: '100' }],
    lines: {},
    transactions: null,
  };
}

export function evolveAll(
  events: readonly ContractEvent[],
  state: ContractState = initialState,
): ContractState {
  return events.reduce(evolve, state);
}
