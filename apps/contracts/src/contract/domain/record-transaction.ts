import {
  format,
  isDecimalString,
  lineAmount,
  parseDecimal,
  TRANSACTION_CLASSES,
  TransactionClass,
  TransactionRecorded,
} from '@app/event-contracts';
import { contractNotFound, lineNotFound } from './contract-guards';
import { ContractLineState, ContractState, ExistingContract, findLine } from './contract.state';
import { canonicalDecimal, Check, checkDate, checkDecimal, checkOptionalText } from './field-rules';
import { accept, Decision, reject, rejectWith, RuleViolation } from './rule-violation';
import { recordedFingerprint, transactionFingerprint } from './transaction-index';

export interface RecordTransactionData {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly transactionId: string;
  readonly transactionClass: TransactionClass;
  readonly transactionDate: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly description?: string | null;
  readonly resourceRole?: string | null;
}

export interface RecordTransaction {
  readonly type: 'RecordTransaction';
  readonly data: RecordTransactionData;
}

function checkLineTakes(line: ContractLineState, transactionClass: unknown): Check {
  if (line.billingMethod === 'FixedPrice') {
    const message =
      'a fixed-price line bills its milestones; record transactions on a time-and-material line';
    return { code: 'TRANSACTION_ON_FIXED_PRICE_LINE', message, field: 'contractLineId' };
  }
  if (!(TRANSACTION_CLASSES as readonly unknown[]).includes(transactionClass)) {
    const message = `transactionClass must be one of ${TRANSACTION_CLASSES.join(', ')}`;
    return { code: 'INVALID_FIELD', message, field: 'transactionClass' };
  }
  if (line.includedTransactionClasses.includes(transactionClass as TransactionClass)) return undefined;
  const message = `the line includes only ${line.includedTransactionClasses.join(', ')}`;
  return { code: 'TRANSACTION_CLASS_NOT_INCLUDED', message, field: 'transactionClass' };
}

/**
 * A negative quantity is allowed: it corrects an earlier over-recording (the line's unbilled total
 * goes down by it). A zero quantity records nothing and is refused. A price is never negative: a
 * correction is expressed by its quantity, so a credit always reads the same way.
 */
function checkQuantityAndPrice(quantity: unknown, unitPrice: unknown): Check {
  const malformed = checkDecimal(quantity, 'quantity') ?? checkDecimal(unitPrice, 'unitPrice');
  if (malformed) return malformed;
  if (parseDecimal(quantity as string).units === 0n) {
    return { code: 'QUANTITY_MUST_NOT_BE_ZERO', message: 'quantity must not be zero', field: 'quantity' };
  }
  if (parseDecimal(unitPrice as string).units >= 0n) return undefined;
  const message = 'unitPrice must not be negative; record a correction with a negative quantity';
  return { code: 'UNIT_PRICE_MUST_NOT_BE_NEGATIVE', message, field: 'unitPrice' };
}

function recorded(state: ExistingContract, data: RecordTransactionData): TransactionRecorded | RuleViolation {
  const quantity = canonicalDecimal(data.quantity);
  const unitPrice = canonicalDecimal(data.unitPrice);
  const amount = format(lineAmount(quantity, unitPrice, state.currency));
  if (!isDecimalString(amount)) {
    return { code: 'INVALID_DECIMAL', message: 'quantity × unitPrice is too large', field: 'quantity' };
  }
  return {
    contractId: data.contractId,
    contractLineId: data.contractLineId,
    transactionId: data.transactionId,
    transactionClass: data.transactionClass,
    transactionDate: data.transactionDate,
    quantity,
    unitPrice,
    amount,
    description: data.description ?? null,
    resourceRole: data.resourceRole ?? null,
  };
}

/**
 * Records a billable transaction on a time-and-material line, with `amount = quantity × unitPrice`
 * rounded half-up to the currency's minor units. Repeating it under the same id with the same
 * body is a no-op; a different body under that id conflicts.
 */
export function decideRecordTransaction(command: RecordTransaction, state: ContractState): Decision {
  const { data } = command;
  if (!state.exists) return contractNotFound(data.contractId);
  const line = findLine(state, data.contractLineId);
  if (!line) return lineNotFound(data.contractLineId);
  const violation =
    checkLineTakes(line, data.transactionClass) ??
    checkDate(data.transactionDate, 'transactionDate') ??
    checkQuantityAndPrice(data.quantity, data.unitPrice) ??
    checkOptionalText(data.description, 'description') ??
    checkOptionalText(data.resourceRole, 'resourceRole');
  if (violation) return rejectWith(violation);
  const event = recorded(state, data);
  if ('code' in event) return rejectWith(event);
  const previous = recordedFingerprint(state.transactions, data.transactionId);
  if (previous === undefined) return accept({ type: 'TransactionRecorded', data: event });
  if (previous === transactionFingerprint(event)) return accept();
  const message = `transaction ${data.transactionId} was recorded with other details`;
  return reject('TRANSACTION_ALREADY_RECORDED', message, 'transactionId');
}
