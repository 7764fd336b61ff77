import { randomUUID } from 'node:crypto';
import {
  ContractCreated,
  ContractCustomer,
  ContractEvent,
  ContractLineAdded,
  format,
  lineAmount,
  MilestoneAdded,
  money,
  ScheduleEntry,
  ScheduleFrequency,
  TRANSACTION_CLASSES,
  TransactionRecorded,
} from '@app/event-contracts';

/**
 * Fixtures for contract events, each with fresh UUIDs so that tests never share ids: past tense
 * builds the event (`created()`, `added()`, `recorded()`). The contracts service's tests extend them
 * with the commands that produce these events (apps/contracts/test/contract.builders.ts).
 */
export type ContractEventOf<K extends ContractEvent['type']> = Extract<ContractEvent, { type: K }>;

export type MilestoneOverrides = Partial<Omit<MilestoneAdded, 'contractId' | 'contractLineId'>>;
export type TransactionDetails = Omit<TransactionRecorded, 'contractId' | 'contractLineId' | 'amount'>;

export class MilestoneFixture {
  constructor(readonly data: MilestoneAdded) {}

  get milestoneId(): string {
    return this.data.milestoneId;
  }

  added(): ContractEventOf<'MilestoneAdded'> {
    return { type: 'MilestoneAdded', data: this.data };
  }

  readyForInvoicing(): ContractEventOf<'MilestoneReadyForInvoicing'> {
    const { contractId, contractLineId, milestoneId } = this.data;
    return { type: 'MilestoneReadyForInvoicing', data: { contractId, contractLineId, milestoneId } };
  }
}

export class TransactionFixture {
  constructor(readonly data: TransactionRecorded) {}

  get transactionId(): string {
    return this.data.transactionId;
  }

  recorded(): ContractEventOf<'TransactionRecorded'> {
    return { type: 'TransactionRecorded', data: this.data };
  }
}

export class LineFixture {
  constructor(
    readonly data: ContractLineAdded,
    readonly currency: string,
  ) {}

  get contractId(): string {
    return this.data.contractId;
  }

  get contractLineId(): string {
    return this.data.contractLineId;
  }

  added(): ContractEventOf<'ContractLineAdded'> {
    return { type: 'ContractLineAdded', data: this.data };
  }

  scheduleSet(
    entries: readonly ScheduleEntry[],
    frequency: ScheduleFrequency | null = null,
  ): ContractEventOf<'InvoiceScheduleSet'> {
    const { contractId, contractLineId } = this.data;
    return { type: 'InvoiceScheduleSet', data: { contractId, contractLineId, frequency, entries } };
  }

  milestone(overrides: MilestoneOverrides = {}): MilestoneFixture {
    return new MilestoneFixture({
      contractId: this.contractId,
      contractLineId: this.contractLineId,
      milestoneId: randomUUID(),
      name: 'Design signed off',
      milestoneDate: '2025-03-31',
      amount: format(money('1000', this.currency)),
      ...overrides,
    });
  }

  transaction(overrides: Partial<TransactionDetails> = {}): TransactionFixture {
    const details: TransactionDetails = {
      transactionId: randomUUID(),
      transactionClass: 'Time',
      transactionDate: '2025-03-10',
      quantity: '8',
      unitPrice: '100',
      description: null,
      resourceRole: null,
      ...overrides,
    };
    // The amount the domain must compute: quantity × unitPrice, half-up to the currency's minor units.
    const amount = format(lineAmount(details.quantity, details.unitPrice, this.currency));
    return new TransactionFixture({
      contractId: this.contractId,
      contractLineId: this.contractLineId,
      ...details,
      amount,
    });
  }
}

export type LineOverrides = Partial<Omit<ContractLineAdded, 'contractId' | 'billingMethod'>>;

export class ContractFixture {
  constructor(readonly data: ContractCreated) {}

  get contractId(): string {
    return this.data.contractId;
  }

  get currency(): string {
    return this.data.currency;
  }

  created(): ContractEventOf<'ContractCreated'> {
    return { type: 'ContractCreated', data: this.data };
  }

  customersSet(customers: readonly ContractCustomer[]): ContractEventOf<'ContractCustomersSet'> {
    return { type: 'ContractCustomersSet', data: { contractId: this.contractId, customers } };
  }

  timeAndMaterialLine(overrides: LineOverrides = {}): LineFixture {
    return this.line('TimeAndMaterial', { name: 'Consulting', ...overrides });
  }

  fixedPriceLine(overrides: LineOverrides = {}): LineFixture {
    return this.line('FixedPrice', { name: 'Implementation', ...overrides });
  }

  private line(billingMethod: ContractLineAdded['billingMethod'], overrides: LineOverrides): LineFixture {
    const data: ContractLineAdded = {
      contractId: this.contractId,
      contractLineId: randomUUID(),
      name: 'Line',
      billingMethod,
      includedTransactionClasses: [...TRANSACTION_CLASSES],
      notToExceed: null,
      ...overrides,
    };
    return new LineFixture(data, this.currency);
  }
}

/** A contract with fresh ids, in EUR unless told otherwise. */
export function aContract(overrides: Partial<ContractCreated> = {}): ContractFixture {
  const contractId = overrides.contractId ?? randomUUID();
  return new ContractFixture({
    contractId,
    name: `Contract ${contractId.slice(0, 8)}`,
    customerId: randomUUID(),
    currency: 'EUR',
    ...overrides,
  });
}
