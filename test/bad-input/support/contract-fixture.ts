import { randomUUID } from 'node:crypto';
import { HttpProbe } from './http-probe';

/** A contract in EUR with a time-and-material line (Time and Expense only) and a fixed-price line. */
export interface ContractFixture {
  readonly contractId: string;
  readonly timeLineId: string;
  readonly fixedPriceLineId: string;
  /** On the fixed-price line, not ready for invoicing (marking it would change the contract). */
  readonly milestoneId: string;
}

async function created(probe: HttpProbe, path: string, body: object, method = 'POST'): Promise<void> {
  const answer = await probe.sendJson(method, path, body);
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
}

export async function createContractFixture(probe: HttpProbe): Promise<ContractFixture> {
  const fixture = {
    contractId: randomUUID(),
    timeLineId: randomUUID(),
    fixedPriceLineId: randomUUID(),
    milestoneId: randomUUID(),
  };
  const base = `/contracts/${fixture.contractId}`;
  await created(probe, '/contracts', { ...aContract(), contractId: fixture.contractId });
  await created(probe, `${base}/lines`, {
    ...aTimeLine(),
    contractLineId: fixture.timeLineId,
    includedTransactionClasses: ['Time', 'Expense'],
  });
  await created(probe, `${base}/lines`, { ...aFixedPriceLine(), contractLineId: fixture.fixedPriceLineId });
  await created(probe, `${base}/lines/${fixture.fixedPriceLineId}/milestones`, {
    ...aMilestone(),
    milestoneId: fixture.milestoneId,
  });
  return fixture;
}

export const aContract = () => ({
  contractId: randomUUID(),
  name: 'Website relaunch',
  customerId: randomUUID(),
  currency: 'EUR',
});
export const aTimeLine = () => ({
  contractLineId: randomUUID(),
  name: 'Consulting',
  billingMethod: 'TimeAndMaterial',
  includedTransactionClasses: ['Time', 'Expense'],
  notToExceed: '50000.00',
});
export const aFixedPriceLine = () => ({
  contractLineId: randomUUID(),
  name: 'Build',
  billingMethod: 'FixedPrice',
});
export const aMilestone = () => ({
  milestoneId: randomUUID(),
  name: 'Design signed off',
  milestoneDate: '2025-03-31',
  amount: '12500.00',
});
export const aTransaction = () => ({
  transactionId: randomUUID(),
  transactionClass: 'Time',
  transactionDate: '2025-03-10',
  quantity: '7.5',
  unitPrice: '120.00',
  description: 'Design review',
  resourceRole: 'Developer',
});
