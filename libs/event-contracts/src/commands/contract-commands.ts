import * as v1 from './v1/contract-commands.v1';

/* The latest version of each command on `contracts.commands` (docs/product.md 4.3); frozen shapes in ./v1. */
export const CONTRACT_COMMAND_TYPES = v1.CONTRACT_COMMAND_TYPES_V1;
export type ContractCommandType = v1.ContractCommandTypeV1;

export interface ContractCommandDataByType {
  CreateContract: v1.CreateContractDataV1;
  SetContractCustomers: v1.SetContractCustomersDataV1;
  AddContractLine: v1.AddContractLineDataV1;
  SetInvoiceSchedule: v1.SetInvoiceScheduleDataV1;
  AddMilestone: v1.AddMilestoneDataV1;
  MarkMilestoneReadyForInvoicing: v1.MarkMilestoneReadyForInvoicingDataV1;
  RecordTransaction: v1.RecordTransactionDataV1;
}

export interface CommandEnvelope<TData = Record<string, unknown>> {
  readonly commandId: string;
  readonly commandType: ContractCommandType;
  readonly data: TData;
}

/** A command envelope whose `data` is the shape of its `commandType`. */
export type ContractCommandEnvelope = {
  [K in ContractCommandType]: CommandEnvelope<ContractCommandDataByType[K]> & { readonly commandType: K };
}[ContractCommandType];
