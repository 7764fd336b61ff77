import { Decision, reject } from './rule-violation';

/** The refusals every command but CreateContract shares. */
export function contractNotFound(contractId: string): Decision {
  return reject('CONTRACT_NOT_FOUND', `contract ${contractId} does not exist`, 'contractId');
}

export function lineNotFound(contractLineId: string): Decision {
  return reject(
    'CONTRACT_LINE_NOT_FOUND',
    `contract line ${contractLineId} does not exist`,
    'contractLineId',
  );
}

export function milestoneNotFound(milestoneId: string): Decision {
  return reject('MILESTONE_NOT_FOUND', `milestone ${milestoneId} does not exist on this line`, 'milestoneId');
}
