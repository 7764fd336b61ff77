import { ContractCreated } from '@app/event-contracts';
import { ContractState } from './contract.state';
import { checkCurrency, checkText } from './field-rules';
import { accept, Decision, reject, rejectWith } from './rule-violation';

export type CreateContractData = ContractCreated;

export interface CreateContract {
  readonly type: 'CreateContract';
  readonly data: CreateContractData;
}

/**
 * Creates a contract under a client-supplied id. Repeating the create with the same body changes
 * nothing and succeeds (the client gets the same contract); a different body under that id conflicts.
 */
export function decideCreateContract(command: CreateContract, state: ContractState): Decision {
  const { contractId, name, customerId, currency } = command.data;
  const violation = checkText(name, 'name') ?? checkText(customerId, 'customerId') ?? checkCurrency(currency);
  if (violation) return rejectWith(violation);
  if (state.exists) {
    const same = state.name === name && state.customerId === customerId && state.currency === currency;
    if (same) return accept();
    return reject(
      'CONTRACT_ALREADY_EXISTS',
      `contract ${contractId} exists with other details`,
      'contractId',
    );
  }
  return accept({ type: 'ContractCreated', data: { contractId, name, customerId, currency } });
}
