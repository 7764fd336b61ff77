import {
  BILLING_METHODS,
  BillingMethod,
  ContractLineAdded,
  format,
  money,
  TRANSACTION_CLASSES,
  TransactionClass,
} from '@app/event-contracts';
import { contractNotFound } from './contract-guards';
import { ContractLineState, ContractState, findLine } from './contract.state';
import { Check, checkAmount, checkText } from './field-rules';
import { accept, Decision, reject, rejectWith } from './rule-violation';

export interface AddContractLineData {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly name: string;
  readonly billingMethod: BillingMethod;
  /** Defaults to all four classes. */
  readonly includedTransactionClasses?: readonly TransactionClass[] | null;
  /** A cap in the contract's currency, time-and-material lines only. */
  readonly notToExceed?: string | null;
}

export interface AddContractLine {
  readonly type: 'AddContractLine';
  readonly data: AddContractLineData;
}

function checkBillingMethod(value: unknown): Check {
  if ((BILLING_METHODS as readonly unknown[]).includes(value)) return undefined;
  const message = `billingMethod must be one of ${BILLING_METHODS.join(', ')}`;
  return { code: 'INVALID_FIELD', message, field: 'billingMethod' };
}

function checkTransactionClasses(value: unknown): Check {
  if (value === undefined || value === null) return undefined;
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((c) => (TRANSACTION_CLASSES as readonly unknown[]).includes(c)) &&
    new Set(value).size === value.length;
  if (valid) return undefined;
  return {
    code: 'INVALID_TRANSACTION_CLASSES',
    message: `includedTransactionClasses must list some of ${TRANSACTION_CLASSES.join(', ')}, each once`,
    field: 'includedTransactionClasses',
  };
}

function checkNotToExceed(data: AddContractLineData, currency: string): Check {
  if (data.notToExceed === undefined || data.notToExceed === null) return undefined;
  if (data.billingMethod === 'FixedPrice') {
    const message = 'notToExceed applies to time-and-material lines only';
    return { code: 'NOT_TO_EXCEED_ON_FIXED_PRICE_LINE', message, field: 'notToExceed' };
  }
  return checkAmount(data.notToExceed, currency, 'notToExceed');
}

/** The classes in their canonical order, so that the same set always reads the same. */
function includedClasses(requested: readonly TransactionClass[] | null | undefined): TransactionClass[] {
  return TRANSACTION_CLASSES.filter((c) => !requested || requested.includes(c));
}

function sameLine(line: ContractLineState, added: ContractLineAdded): boolean {
  return (
    line.name === added.name &&
    line.billingMethod === added.billingMethod &&
    line.notToExceed === added.notToExceed &&
    line.includedTransactionClasses.join() === added.includedTransactionClasses.join()
  );
}

/**
 * Adds a line under a client-supplied id; repeating it with the same body is a no-op. A cap is
 * published with exactly the currency's minor units ("1000" in EUR becomes "1000.00").
 */
export function decideAddContractLine(command: AddContractLine, state: ContractState): Decision {
  const { data } = command;
  if (!state.exists) return contractNotFound(data.contractId);
  const violation =
    checkText(data.name, 'name') ??
    checkBillingMethod(data.billingMethod) ??
    checkTransactionClasses(data.includedTransactionClasses) ??
    checkNotToExceed(data, state.currency);
  if (violation) return rejectWith(violation);
  const added: ContractLineAdded = {
    contractId: data.contractId,
    contractLineId: data.contractLineId,
    name: data.name,
    billingMethod: data.billingMethod,
    includedTransactionClasses: includedClasses(data.includedTransactionClasses),
    notToExceed: data.notToExceed ? format(money(data.notToExceed, state.currency)) : null,
  };
  const existing = findLine(state, data.contractLineId);
  if (!existing) return accept({ type: 'ContractLineAdded', data: added });
  if (sameLine(existing, added)) return accept();
  const message = `contract line ${data.contractLineId} exists with other details`;
  return reject('CONTRACT_LINE_ALREADY_EXISTS', message, 'contractLineId');
}
