import { ContractCustomer, parseDecimal, rescale } from '@app/event-contracts';
import { Check, checkDecimal, checkText, fitsDecimals, isPositive } from './field-rules';

const ONE_HUNDRED_PERCENT_IN_HUNDREDTHS = 10000n;

function checkPercent(value: unknown, field: string): Check {
  const malformed = checkDecimal(value, field);
  if (malformed) return malformed;
  const percent = parseDecimal(value as string);
  const inRange = isPositive(percent) && rescale(percent, 2).units <= ONE_HUNDRED_PERCENT_IN_HUNDREDTHS;
  if (inRange && fitsDecimals(percent, 2)) return undefined;
  return {
    code: 'INVALID_BILLING_SPLIT',
    message: `${field} must be more than 0 and at most 100, with at most 2 decimals`,
    field,
  };
}

function checkCustomer(customer: unknown, index: number, seen: Set<string>): Check {
  const field = `customers[${index}]`;
  if (typeof customer !== 'object' || customer === null) {
    return { code: 'INVALID_FIELD', message: `${field} must be an object`, field };
  }
  const { customerId, billingSplitPercent } = customer as Record<string, unknown>;
  const violation =
    checkText(customerId, `${field}.customerId`) ??
    checkPercent(billingSplitPercent, `${field}.billingSplitPercent`);
  if (violation) return violation;
  if (!seen.has(customerId as string)) return undefined;
  return {
    code: 'DUPLICATE_CUSTOMER',
    message: `${field}.customerId appears more than once`,
    field: `${field}.customerId`,
  };
}

/**
 * One to n customers, each once, each with a share in (0, 100] of at most two decimals, the shares
 * summing to exactly 100 (compared as exact decimals, so 33.33 + 33.33 + 33.34 passes and three
 * times 33.33 does not).
 */
export function checkBillingSplits(customers: unknown): Check {
  if (!Array.isArray(customers) || customers.length === 0) {
    return {
      code: 'INVALID_BILLING_SPLIT',
      message: 'customers must list at least one customer',
      field: 'customers',
    };
  }
  const seen = new Set<string>();
  for (const [index, customer] of customers.entries()) {
    const violation = checkCustomer(customer, index, seen);
    if (violation) return violation;
    seen.add((customer as ContractCustomer).customerId);
  }
  const total = (customers as ContractCustomer[]).reduce(
    (sum, customer) => sum + rescale(parseDecimal(customer.billingSplitPercent), 2).units,
    0n,
  );
  if (total === ONE_HUNDRED_PERCENT_IN_HUNDREDTHS) return undefined;
  return {
    code: 'BILLING_SPLITS_MUST_SUM_TO_100',
    message: 'the customers billing split percentages must sum to exactly 100',
    field: 'customers',
  };
}
