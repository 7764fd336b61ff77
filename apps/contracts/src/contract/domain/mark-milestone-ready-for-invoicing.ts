import { MilestoneReadyForInvoicing } from '@app/event-contracts';
import { contractNotFound, lineNotFound, milestoneNotFound } from './contract-guards';
import { ContractState, findLine } from './contract.state';
import { hasOwn } from './field-rules';
import { accept, Decision } from './rule-violation';

export type MarkMilestoneReadyForInvoicingData = MilestoneReadyForInvoicing;

export interface MarkMilestoneReadyForInvoicing {
  readonly type: 'MarkMilestoneReadyForInvoicing';
  readonly data: MarkMilestoneReadyForInvoicingData;
}

/**
 * Moves a milestone from `NotReadyForInvoicing` to `ReadyForInvoicing`, the one transition this
 * aggregate makes. Marking a milestone that is already ready (or already invoiced, which the
 * invoicing service tracks and which lies past ready) changes nothing and succeeds, so a retried
 * request is harmless.
 */
export function decideMarkMilestoneReadyForInvoicing(
  command: MarkMilestoneReadyForInvoicing,
  state: ContractState,
): Decision {
  const { contractId, contractLineId, milestoneId } = command.data;
  if (!state.exists) return contractNotFound(contractId);
  const line = findLine(state, contractLineId);
  if (!line) return lineNotFound(contractLineId);
  if (!hasOwn(line.milestones, milestoneId)) return milestoneNotFound(milestoneId);
  if (line.milestones[milestoneId].status === 'ReadyForInvoicing') return accept();
  return accept({ type: 'MilestoneReadyForInvoicing', data: { contractId, contractLineId, milestoneId } });
}
