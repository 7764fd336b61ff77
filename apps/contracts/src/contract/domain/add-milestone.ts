import { format, MilestoneAdded, money } from '@app/event-contracts';
import { contractNotFound, lineNotFound } from './contract-guards';
import { ContractState, findLine, findMilestone, MilestoneState } from './contract.state';
import { checkAmount, checkDate, checkText } from './field-rules';
import { accept, Decision, reject, rejectWith } from './rule-violation';

export type AddMilestoneData = MilestoneAdded;

export interface AddMilestone {
  readonly type: 'AddMilestone';
  readonly data: AddMilestoneData;
}

function sameMilestone(
  existing: { lineId: string; milestone: MilestoneState },
  added: MilestoneAdded,
): boolean {
  const { lineId, milestone } = existing;
  return (
    lineId === added.contractLineId &&
    milestone.name === added.name &&
    milestone.milestoneDate === added.milestoneDate &&
    milestone.amount === added.amount
  );
}

/**
 * Adds a milestone to a fixed-price line; it starts `NotReadyForInvoicing`. Its amount must be
 * positive and need no rounding in the contract's currency; it is published with exactly the
 * currency's minor units. Repeating the add with the same body is a no-op.
 */
export function decideAddMilestone(command: AddMilestone, state: ContractState): Decision {
  const { data } = command;
  if (!state.exists) return contractNotFound(data.contractId);
  const line = findLine(state, data.contractLineId);
  if (!line) return lineNotFound(data.contractLineId);
  if (line.billingMethod === 'TimeAndMaterial') {
    const message = 'a time-and-material line is invoiced by its schedule, not by milestones';
    return reject('MILESTONE_ON_TIME_AND_MATERIAL_LINE', message, 'contractLineId');
  }
  const violation =
    checkText(data.name, 'name') ??
    checkDate(data.milestoneDate, 'milestoneDate') ??
    checkAmount(data.amount, state.currency, 'amount');
  if (violation) return rejectWith(violation);
  const added: MilestoneAdded = { ...data, amount: format(money(data.amount, state.currency)) };
  const existing = findMilestone(state, data.milestoneId);
  if (!existing) return accept({ type: 'MilestoneAdded', data: added });
  if (sameMilestone({ lineId: existing.line.contractLineId, milestone: existing.milestone }, added)) {
    return accept();
  }
  return reject(
    'MILESTONE_ALREADY_EXISTS',
    `milestone ${data.milestoneId} exists with other details`,
    'milestoneId',
  );
}
