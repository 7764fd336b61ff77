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
import type {
  AddContractLine,
  AddContractLineData,
  AddMilestone,
  CreateContract,
  MarkMilestoneReadyForInvoicing,
  RecordTransaction,
  RecordTransactionData,
  SetContractCustomers,
  SetInvoiceSchedule,
  SetInvoiceScheduleData,
} from '../../../../apps/contracts/src/contract/domain';

/**
 * Fixtures for contract commands and events, each with fresh UUIDs so that tests never share ids.
 * Past tense builds the event (`created()`, `added()`, `recorded()`), the imperative builds the
 * command that would produce it (`create()`, `add()`, `record()`); overrides change the body.
 */
export type ContractEventOf<K extends ContractEvent['type']> = Extract<ContractEvent, { type: K }>;

type ScheduleBody = Omit<SetInvoiceScheduleData, 'contractId' | 'contractLineId'>;
type TransactionDetails = Omit<TransactionRecorded, 'contractId' | 'contractLineId' | 'amount'>;

export class MilestoneFixture {
  constructor(readonly data: MilestoneAdded) {}

  get milestoneId(): string {
    return this.data.milestoneId;
  }

  added(): ContractEventOf<'MilestoneAdded'> {
    return { type: 'MilestoneAdded', data: this.data };
  }

  add(overrides: Partial<MilestoneAdded> = {}): AddMilestone {
    return { type: 'AddMilestone', data: { ...this.data, ...overrides } };
  }

  readyForInvoicing(): ContractEventOf<'MilestoneReadyForInvoicing'> {
    const { contractId, contractLineId, milestoneId } = this.data;
    return { type: 'MilestoneReadyForInvoicing', data: { contractId, contractLineId, milestoneId } };
  }

  markReadyForInvoicing(): MarkMilestoneReadyForInvoicing {
    return { type: 'MarkMilestoneReadyForInvoicing', data: this.readyForInvoicing().data };
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

  record(overrides: Partial<RecordTransactionData> = {}): RecordTransaction {
    const { amount: _amount, ...body } = this.data;
    return { type: 'RecordTransaction', data: { ...body, ...overrides } };
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

  add(overrides: Partial<AddContractLineData> = {}): AddContractLine {
    return { type: 'AddContractLine', data: { ...this.data, ...overrides } };
  }

  scheduleSet(
    entries: readonly ScheduleEntry[],
    frequency: ScheduleFrequency | null = null,
  ): ContractEventOf<'InvoiceScheduleSet'> {
    const { contractId, contractLineId } = this.data;
    return { type: 'InvoiceScheduleSet', data: { contractId, contractLineId, frequency, entries } };
  }

  setInvoiceSchedule(body: ScheduleBody): SetInvoiceSchedule {
    const { contractId, contractLineId } = this.data;
    return { type: 'SetInvoiceSchedule', data: { contractId, contractLineId, ...body } };
  }

  milestone(
    overrides: Partial<Omit<MilestoneAdded, 'contractId' | 'contractLineId'>> = {},
  ): MilestoneFixture {
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

type LineOverrides = Partial<Omit<ContractLineAdded, 'contractId' | 'billingMethod'>>;

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

  create(overrides: Partial<ContractCreated> = {}): CreateContract {
    return { type: 'CreateContract', data: { ...this.data, ...overrides } };
  }

  customersSet(customers: readonly ContractCustomer[]): ContractEventOf<'ContractCustomersSet'> {
    return { type: 'ContractCustomersSet', data: { contractId: this.contractId, customers } };
  }

  setCustomers(customers: readonly ContractCustomer[]): SetContractCustomers {
    return { type: 'SetContractCustomers', data: { contractId: this.contractId, customers } };
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
