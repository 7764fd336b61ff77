import { isDecimalString, isIsoCurrency, parseDecimal, rescale } from '@app/event-contracts';
import { BillingLine, ContractBillingInput } from './billing-input';

export const INVALID_BILLING_INPUT_CODES = [
  'INVALID_RUN_DATE',
  'CURRENCY_NOT_ISO_4217',
  'NO_CUSTOMERS',
  'DUPLICATE_CUSTOMER',
  'INVALID_BILLING_SPLIT',
  'BILLING_SPLITS_MUST_SUM_TO_100',
  'DUPLICATE_CONTRACT_LINE',
  'INVALID_DECIMAL',
] as const;
export type InvalidBillingInputCode = (typeof INVALID_BILLING_INPUT_CODES)[number];

/**
 * A contract whose projected data cannot be invoiced. The process run parks the contract with
 * this reason (docs/product.md 3.9) and goes on with the others.
 */
export class InvalidBillingInputError extends Error {
  constructor(
    readonly code: InvalidBillingInputCode,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidBillingInputError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HUNDRED = rescale(parseDecimal('100'), 12).units;

export function assertValidRunDate(runDate: string): void {
  if (!DATE.test(runDate)) fail('INVALID_RUN_DATE', `run date is not YYYY-MM-DD: ${JSON.stringify(runDate)}`);
}

export function assertValidBillingInput(input: ContractBillingInput): void {
  if (!isIsoCurrency(input.currency)) fail('CURRENCY_NOT_ISO_4217', `currency ${input.currency}`);
  assertValidCustomers(input);
  const lineIds = new Set<string>();
  for (const line of input.lines) {
    if (lineIds.has(line.contractLineId)) fail('DUPLICATE_CONTRACT_LINE', `line ${line.contractLineId}`);
    lineIds.add(line.contractLineId);
    assertValidAmounts(line);
  }
}

function assertValidCustomers(input: ContractBillingInput): void {
  if (input.customers.length === 0) fail('NO_CUSTOMERS', `contract ${input.contractId} has no customer`);
  const ids = new Set(input.customers.map((c) => c.customerId));
  if (ids.size !== input.customers.length) fail('DUPLICATE_CUSTOMER', `contract ${input.contractId}`);
  for (const { customerId, billingSplitPercent } of input.customers) {
    if (!isDecimalString(billingSplitPercent) || billingSplitPercent.startsWith('-')) {
      fail('INVALID_BILLING_SPLIT', `customer ${customerId}: ${JSON.stringify(billingSplitPercent)}`);
    }
  }
  // Decimal strings carry at most 12 fraction digits, so scale 12 adds them exactly.
  const total = input.customers.reduce(
    (acc, c) => acc + rescale(parseDecimal(c.billingSplitPercent), 12).units,
    0n,
  );
  if (total !== HUNDRED) {
    fail(
      'BILLING_SPLITS_MUST_SUM_TO_100',
      `contract ${input.contractId} splits sum to a value other than 100`,
    );
  }
}

function assertValidAmounts(line: BillingLine): void {
  const decimals: [string, unknown][] = [
    ['invoicedTotal', line.invoicedTotal],
    ...(line.notToExceed === null ? [] : [['notToExceed', line.notToExceed] as [string, unknown]]),
    ...line.milestones.map((m): [string, unknown] => [`milestone ${m.milestoneId} amount`, m.amount]),
    ...line.unbilledTransactions.map((t): [string, unknown] => [
      `transaction ${t.transactionId} amount`,
      t.amount,
    ]),
  ];
  for (const [what, value] of decimals) {
    if (!isDecimalString(value))
      fail('INVALID_DECIMAL', `line ${line.contractLineId} ${what}: ${String(value)}`);
  }
}

function fail(code: InvalidBillingInputCode, message: string): never {
  throw new InvalidBillingInputError(code, message);
}
