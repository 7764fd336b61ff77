import { ContractEvent } from '@app/event-contracts';
import { AddContractLine, decideAddContractLine } from './add-contract-line';
import { AddMilestone, decideAddMilestone } from './add-milestone';
import { ContractState, evolve, initialState } from './contract.state';
import { CreateContract, decideCreateContract } from './create-contract';
import {
  decideMarkMilestoneReadyForInvoicing,
  MarkMilestoneReadyForInvoicing,
} from './mark-milestone-ready-for-invoicing';
import { decideRecordTransaction, RecordTransaction } from './record-transaction';
import { checkText } from './field-rules';
import { checkIdsFree, GlobalId, IdHolders } from './global-ids';
import { Decision, rejectWith } from './rule-violation';
import { decideSetContractCustomers, SetContractCustomers } from './set-contract-customers';
import { decideSetInvoiceSchedule, SetInvoiceSchedule } from './set-invoice-schedule';

export type ContractCommand =
  | CreateContract
  | SetContractCustomers
  | AddContractLine
  | SetInvoiceSchedule
  | AddMilestone
  | MarkMilestoneReadyForInvoicing
  | RecordTransaction;

export type ContractCommandType = ContractCommand['type'];

/**
 * What a decision may need from outside besides the state, passed in as data so that decisions
 * stay pure: `today` is the business date (YYYY-MM-DD) from the injected clock. No current rule
 * reads it (see set-invoice-schedule.ts for why a schedule is not cut at today); it is part of the
 * signature so that a calendar rule never changes every caller.
 */
export interface ContractDecisionContext {
  readonly today: string;
  /**
   * Who holds the line, milestone and transaction ids the command names (see global-ids.ts); a
   * new id another contract holds is refused with `ID_TAKEN`. Absent: none is known to be held.
   */
  readonly idHolders?: IdHolders;
}

/** The ids each command carries; a command from a topic may lack one or carry a non-string. */
const ID_FIELDS: Readonly<Record<ContractCommandType, readonly string[]>> = {
  CreateContract: ['contractId'],
  SetContractCustomers: ['contractId'],
  AddContractLine: ['contractId', 'contractLineId'],
  SetInvoiceSchedule: ['contractId', 'contractLineId'],
  AddMilestone: ['contractId', 'contractLineId', 'milestoneId'],
  MarkMilestoneReadyForInvoicing: ['contractId', 'contractLineId', 'milestoneId'],
  RecordTransaction: ['contractId', 'contractLineId', 'transactionId'],
};

function checkIds(command: ContractCommand) {
  const data = command.data as unknown as Record<string, unknown>;
  for (const field of ID_FIELDS[command.type]) {
    const violation = checkText(data[field], field);
    if (violation) return violation;
  }
  return undefined;
}

/**
 * Decides what a command does to a contract: the events to append (an empty list when it changes
 * nothing, e.g. a repeated create) or the rule it breaks. Never throws for a broken rule.
 */
export function decide(
  command: ContractCommand,
  state: ContractState,
  context: ContractDecisionContext,
): Decision {
  const badId = checkIds(command);
  if (badId) return rejectWith(badId);
  const decision = decideCommand(command, state);
  if (!decision.ok || !context.idHolders) return decision;
  const taken = checkIdsFree(command.data.contractId, decision.events, context.idHolders);
  return taken ? rejectWith(taken) : decision;
}

/** The ids a command would give to its contract if they are new there: what `idHolders` must cover. */
export function idsNamedBy(command: ContractCommand): GlobalId[] {
  const data = command.data as unknown as Record<string, unknown>;
  const named = (kind: GlobalId['kind'], field: string): GlobalId[] => {
    const id = data[field];
    return typeof id === 'string' ? [{ kind, id }] : [];
  };
  switch (command.type) {
    case 'AddContractLine':
      return named('ContractLine', 'contractLineId');
    case 'AddMilestone':
      return named('Milestone', 'milestoneId');
    case 'RecordTransaction':
      return named('Transaction', 'transactionId');
    default:
      return [];
  }
}

function decideCommand(command: ContractCommand, state: ContractState): Decision {
  switch (command.type) {
    case 'CreateContract':
      return decideCreateContract(command, state);
    case 'SetContractCustomers':
      return decideSetContractCustomers(command, state);
    case 'AddContractLine':
      return decideAddContractLine(command, state);
    case 'SetInvoiceSchedule':
      return decideSetInvoiceSchedule(command, state);
    case 'AddMilestone':
      return decideAddMilestone(command, state);
    case 'MarkMilestoneReadyForInvoicing':
      return decideMarkMilestoneReadyForInvoicing(command, state);
    case 'RecordTransaction':
      return decideRecordTransaction(command, state);
  }
}

export interface ContractDecider {
  decide(command: ContractCommand, state: ContractState, context: ContractDecisionContext): Decision;
  evolve(state: ContractState, event: ContractEvent): ContractState;
  readonly initialState: ContractState;
}

export const contractDecider: ContractDecider = { decide, evolve, initialState };
