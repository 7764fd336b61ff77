import { ContractCreated, ContractCustomer, MilestoneAdded } from '@app/event-contracts';
import {
  ContractFixture,
  aContract as aContractWithEvents,
  LineFixture,
  LineOverrides,
  MilestoneFixture,
  MilestoneOverrides,
  TransactionDetails,
  TransactionFixture,
} from '@app/testing';
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
} from '../src/contract/domain';

/**
 * The contract event fixtures of `@app/testing`, with the commands that produce their events: the
 * imperative builds the command (`create()`, `add()`, `record()`), past tense the event it decides
 * (`created()`, `added()`, `recorded()`); overrides change the body.
 */
type ScheduleBody = Omit<SetInvoiceScheduleData, 'contractId' | 'contractLineId'>;

export class MilestoneCommandFixture extends MilestoneFixture {
  add(overrides: Partial<MilestoneAdded> = {}): AddMilestone {
    return { type: 'AddMilestone', data: { ...this.data, ...overrides } };
  }

  markReadyForInvoicing(): MarkMilestoneReadyForInvoicing {
    return { type: 'MarkMilestoneReadyForInvoicing', data: this.readyForInvoicing().data };
  }
}

export class TransactionCommandFixture extends TransactionFixture {
  record(overrides: Partial<RecordTransactionData> = {}): RecordTransaction {
    const { amount: _amount, ...body } = this.data;
    return { type: 'RecordTransaction', data: { ...body, ...overrides } };
  }
}

export class LineCommandFixture extends LineFixture {
  add(overrides: Partial<AddContractLineData> = {}): AddContractLine {
    return { type: 'AddContractLine', data: { ...this.data, ...overrides } };
  }

  setInvoiceSchedule(body: ScheduleBody): SetInvoiceSchedule {
    const { contractId, contractLineId } = this.data;
    return { type: 'SetInvoiceSchedule', data: { contractId, contractLineId, ...body } };
  }

  override milestone(overrides: MilestoneOverrides = {}): MilestoneCommandFixture {
    return new MilestoneCommandFixture(super.milestone(overrides).data);
  }

  override transaction(overrides: Partial<TransactionDetails> = {}): TransactionCommandFixture {
    return new TransactionCommandFixture(super.transaction(overrides).data);
  }
}

export class ContractCommandFixture extends ContractFixture {
  create(overrides: Partial<ContractCreated> = {}): CreateContract {
    return { type: 'CreateContract', data: { ...this.data, ...overrides } };
  }

  setCustomers(customers: readonly ContractCustomer[]): SetContractCustomers {
    return { type: 'SetContractCustomers', data: { contractId: this.contractId, customers } };
  }

  override timeAndMaterialLine(overrides: LineOverrides = {}): LineCommandFixture {
    return withCommands(super.timeAndMaterialLine(overrides));
  }

  override fixedPriceLine(overrides: LineOverrides = {}): LineCommandFixture {
    return withCommands(super.fixedPriceLine(overrides));
  }
}

function withCommands(line: LineFixture): LineCommandFixture {
  return new LineCommandFixture(line.data, line.currency);
}

/** A contract with fresh ids, in EUR unless told otherwise, that builds commands as well as events. */
export function aContract(overrides: Partial<ContractCreated> = {}): ContractCommandFixture {
  return new ContractCommandFixture(aContractWithEvents(overrides).data);
}
