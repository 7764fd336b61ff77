/**
 * Command envelopes on `contracts.commands` (SPEC 4.3). `data` carries the same fields as the
 * matching REST body plus the ids from the REST path.
 */
export const CONTRACT_COMMAND_TYPES = [
  'CreateContract',
  'SetContractCustomers',
  'AddContractLine',
  'SetInvoiceSchedule',
  'AddMilestone',
  'MarkMilestoneReadyForInvoicing',
  'RecordTransaction',
] as const;
export type ContractCommandType = (typeof CONTRACT_COMMAND_TYPES)[number];

export interface CommandEnvelope<TData = Record<string, unknown>> {
  readonly commandId: string;
  readonly commandType: ContractCommandType;
  readonly data: TData;
}
