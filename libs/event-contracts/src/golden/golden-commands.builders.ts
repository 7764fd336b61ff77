import {
  CommandEnvelope,
  ContractCommandDataByType,
  ContractCommandType,
} from '../commands/contract-commands';
import { IDS } from './golden-events.builders';

/*
 * One envelope of every command on `contracts.commands` (docs/product.md 4.3), with fixed values and
 * every optional field given, for the golden fixtures; a new command type needs a builder to compile.
 */
type GoldenCommand<K extends ContractCommandType> = CommandEnvelope<ContractCommandDataByType[K]> & {
  readonly commandType: K;
  readonly correlationId: string | null;
};

function command<K extends ContractCommandType>(
  commandType: K,
  data: ContractCommandDataByType[K],
): GoldenCommand<K> {
  return { commandId: IDS.command, commandType, data, correlationId: IDS.correlation };
}

const onLine = { contractId: IDS.contract, contractLineId: IDS.line };

export const GOLDEN_CONTRACT_COMMANDS: { [K in ContractCommandType]: () => GoldenCommand<K> } = {
  CreateContract: () =>
    command('CreateContract', {
      contractId: IDS.contract,
      name: 'Harbour bridge maintenance',
      customerId: IDS.customer,
      currency: 'EUR',
    }),
  SetContractCustomers: () =>
    command('SetContractCustomers', {
      contractId: IDS.contract,
      customers: [
        { customerId: IDS.customer, billingSplitPercent: '60' },
        { customerId: IDS.secondCustomer, billingSplitPercent: '40' },
      ],
    }),
  AddContractLine: () =>
    command('AddContractLine', {
      ...onLine,
      name: 'Inspections',
      billingMethod: 'TimeAndMaterial',
      includedTransactionClasses: ['Time', 'Expense'],
      notToExceed: '25000.00',
    }),
  SetInvoiceSchedule: () =>
    command('SetInvoiceSchedule', {
      ...onLine,
      frequency: { period: 'Monthly', days: [31] },
      startDate: '2025-03-01',
      endDate: '2025-12-31',
    }),
  AddMilestone: () =>
    command('AddMilestone', {
      ...onLine,
      milestoneId: IDS.milestone,
      name: 'Survey delivered',
      milestoneDate: '2025-03-15',
      amount: '4000.00',
    }),
  MarkMilestoneReadyForInvoicing: () =>
    command('MarkMilestoneReadyForInvoicing', { ...onLine, milestoneId: IDS.milestone }),
  RecordTransaction: () =>
    command('RecordTransaction', {
      ...onLine,
      transactionId: IDS.transaction,
      transactionClass: 'Time',
      transactionDate: '2025-03-28',
      quantity: '7.5',
      unitPrice: '120.00',
      description: 'Cable inspection, north span',
      resourceRole: 'Senior engineer',
    }),
};
