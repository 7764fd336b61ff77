import { randomUUID } from 'crypto';
import { TransactionClass } from '@app/event-contracts';
import { ContractsClient, CustomerSplit, InvoiceScheduleBody } from './contracts.client';

export interface TransactionSpec {
  readonly date: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly transactionClass?: TransactionClass;
  readonly resourceRole?: string;
}

export interface TimeAndMaterialLineSpec {
  /** Invoice run dates; each cut-off is the day before. Absent: the line has no schedule. */
  readonly runDates?: readonly string[];
  readonly schedule?: InvoiceScheduleBody;
  readonly notToExceed?: string;
  readonly includedTransactionClasses?: TransactionClass[];
}

/**
 * A contract written through the contracts REST API with fresh ids, step by step, so each test reads
 * as the story it tells: `const contract = await aContract(contracts); await contract.timeAndMaterialLine(...)`.
 */
export class ContractFixture {
  private lineCount = 0;

  constructor(
    private readonly contracts: ContractsClient,
    readonly contractId: string,
    readonly customerId: string,
    readonly currency: string,
  ) {}

  async timeAndMaterialLine(spec: TimeAndMaterialLineSpec = {}): Promise<string> {
    const contractLineId = randomUUID();
    await this.contracts.addLine(this.contractId, {
      contractLineId,
      name: `Time and material ${++this.lineCount}`,
      billingMethod: 'TimeAndMaterial',
      ...(spec.notToExceed === undefined ? {} : { notToExceed: spec.notToExceed }),
      ...(spec.includedTransactionClasses
        ? { includedTransactionClasses: spec.includedTransactionClasses }
        : {}),
    });
    const schedule =
      spec.schedule ??
      (spec.runDates ? { entries: spec.runDates.map((invoiceRunDate) => ({ invoiceRunDate })) } : undefined);
    if (schedule) await this.contracts.setInvoiceSchedule(this.contractId, contractLineId, schedule);
    return contractLineId;
  }

  async fixedPriceLine(): Promise<string> {
    const contractLineId = randomUUID();
    await this.contracts.addLine(this.contractId, {
      contractLineId,
      name: `Fixed price ${++this.lineCount}`,
      billingMethod: 'FixedPrice',
    });
    return contractLineId;
  }

  /** A milestone, made ReadyForInvoicing unless `ready` is false. */
  async milestone(lineId: string, milestoneDate: string, amount: string, ready = true): Promise<string> {
    const milestoneId = randomUUID();
    await this.contracts.addMilestone(this.contractId, lineId, {
      milestoneId,
      name: `Milestone of ${milestoneDate}`,
      milestoneDate,
      amount,
    });
    if (ready) await this.markReady(lineId, milestoneId);
    return milestoneId;
  }

  async markReady(lineId: string, milestoneId: string): Promise<void> {
    await this.contracts.markMilestoneReady(this.contractId, lineId, milestoneId);
  }

  async transaction(lineId: string, spec: TransactionSpec): Promise<string> {
    const transactionId = randomUUID();
    await this.contracts.recordTransaction(this.contractId, lineId, {
      transactionId,
      transactionClass: spec.transactionClass ?? 'Time',
      transactionDate: spec.date,
      quantity: spec.quantity,
      unitPrice: spec.unitPrice,
      ...(spec.resourceRole ? { resourceRole: spec.resourceRole } : {}),
    });
    return transactionId;
  }

  async customers(customers: CustomerSplit[]): Promise<void> {
    await this.contracts.setCustomers(this.contractId, customers);
  }
}

export async function aContract(
  contracts: ContractsClient,
  options: { currency?: string; name?: string } = {},
): Promise<ContractFixture> {
  const contractId = randomUUID();
  const customerId = randomUUID();
  const currency = options.currency ?? 'EUR';
  await contracts.createContract({
    contractId,
    name: options.name ?? 'Website relaunch',
    customerId,
    currency,
  });
  return new ContractFixture(contracts, contractId, customerId, currency);
}
