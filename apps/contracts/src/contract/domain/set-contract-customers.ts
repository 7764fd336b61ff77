import { ContractCustomer } from '@app/event-contracts';
import { contractNotFound } from './contract-guards';
import { ContractState } from './contract.state';
import { checkBillingSplits } from './billing-split.validation';
import { canonicalDecimal, sameDecimal } from './field-rules';
import { accept, Decision, rejectWith } from './rule-violation';

export interface SetContractCustomersData {
  readonly contractId: string;
  readonly customers: readonly ContractCustomer[];
}

export interface SetContractCustomers {
  readonly type: 'SetContractCustomers';
  readonly data: SetContractCustomersData;
}

/** Order matters: the last customer takes the rounding remainder when an amount is split. */
function sameCustomers(a: readonly ContractCustomer[], b: readonly ContractCustomer[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (customer, i) =>
        customer.customerId === b[i].customerId &&
        sameDecimal(customer.billingSplitPercent, b[i].billingSplitPercent),
    )
  );
}

/** Replaces the billing split. Setting the split the contract already has is a no-op, as a PUT should be. */
export function decideSetContractCustomers(command: SetContractCustomers, state: ContractState): Decision {
  const { contractId, customers } = command.data;
  if (!state.exists) return contractNotFound(contractId);
  const violation = checkBillingSplits(customers);
  if (violation) return rejectWith(violation);
  const split = customers.map(({ customerId, billingSplitPercent }) => ({
    customerId,
    billingSplitPercent: canonicalDecimal(billingSplitPercent),
  }));
  if (sameCustomers(split, state.customers)) return accept();
  return accept({ type: 'ContractCustomersSet', data: { contractId, customers: split } });
}
