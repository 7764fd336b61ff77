import { TRANSACTION_CLASSES, TransactionRecorded, format, lineAmount } from '@app/event-contracts';
import { SeededRandom } from '../support/seeded-random';

/** A contract with one time-and-material line, as upstream creates it before recording on it. */
export interface IntakeContract {
  readonly contractId: string;
  readonly customerId: string;
  readonly contractLineId: string;
}

/** One batch request's worth of transactions, on one contract. */
export interface IntakeBatch {
  readonly contract: IntakeContract;
  readonly transactions: readonly TransactionRecorded[];
  /** The request body, serialized before the clock starts. */
  readonly body: string;
}

const ROLES = ['Architect', 'Developer', 'Consultant', 'Project manager', 'Tester'];
const PRICES = ['85.00', '95.50', '110.00', '120.00', '145.00'];

export function intakeContracts(random: SeededRandom, count: number): IntakeContract[] {
  return Array.from({ length: count }, () => ({
    contractId: random.uuid(),
    customerId: random.uuid(),
    contractLineId: random.uuid(),
  }));
}

export function aTransaction(random: SeededRandom, contract: IntakeContract): TransactionRecorded {
  const quantity = String(random.integer(1, 16) / 2);
  const unitPrice = random.pick(PRICES);
  const day = String(random.integer(1, 28)).padStart(2, '0');
  const month = String(random.integer(1, 12)).padStart(2, '0');
  return {
    contractId: contract.contractId,
    contractLineId: contract.contractLineId,
    transactionId: random.uuid(),
    transactionClass: random.next() < 0.7 ? 'Time' : random.pick(TRANSACTION_CLASSES),
    transactionDate: `2025-${month}-${day}`,
    quantity,
    unitPrice,
    amount: format(lineAmount(quantity, unitPrice, 'EUR')),
    description: 'Design and build work',
    resourceRole: random.pick(ROLES),
  };
}

/** The body of `POST .../lines/{lineId}/transactions` (the service computes the amount itself). */
export function transactionBody(t: TransactionRecorded) {
  return {
    transactionId: t.transactionId,
    transactionClass: t.transactionClass,
    transactionDate: t.transactionDate,
    quantity: t.quantity,
    unitPrice: t.unitPrice,
    description: t.description,
    resourceRole: t.resourceRole,
  };
}

/** An item of a batch request: the body of a single one plus its line. */
export function requestItem(t: TransactionRecorded) {
  return { ...transactionBody(t), contractLineId: t.contractLineId };
}

/** `requests` batches, request j on contract j mod contracts.length: concurrent requests rarely share a contract. */
export function intakeBatches(
  random: SeededRandom,
  contracts: readonly IntakeContract[],
  requests: number,
  perRequest: number,
): IntakeBatch[] {
  return Array.from({ length: requests }, (_, j) => {
    const contract = contracts[j % contracts.length];
    const transactions = Array.from({ length: perRequest }, () => aTransaction(random, contract));
    return { contract, transactions, body: JSON.stringify({ transactions: transactions.map(requestItem) }) };
  });
}
