import { randomUUID } from 'node:crypto';
import type { UtilizationTransaction } from '../src/role-utilization/domain';

/** Eight hours of `Time` by a developer on 2024-03-04. */
export function aUtilizationTransaction(
  overrides: Partial<UtilizationTransaction> = {},
): UtilizationTransaction {
  return {
    transactionId: randomUUID(),
    transactionClass: 'Time',
    transactionDate: '2024-03-04',
    quantity: '8',
    resourceRole: 'Developer',
    ...overrides,
  };
}
