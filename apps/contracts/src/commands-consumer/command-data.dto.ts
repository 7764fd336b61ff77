import { ContractCommandType } from '@app/event-contracts';
import { IsUUID } from 'class-validator';
import {
  AddContractLineRequest,
  AddMilestoneRequest,
  ContractFieldsDto,
  RecordTransactionRequest,
  SetContractCustomersRequest,
  SetInvoiceScheduleRequest,
} from '../contract';

/*
 * The `data` of each command on `contracts.commands` (docs/product.md 4.3): the REST body's class, so a field
 * is validated the same way on both paths, plus the ids the REST path carries. An id that names
 * something new (a line, a milestone, a transaction) may be left out: the command id stands in.
 */

export class CreateContractCommandData extends ContractFieldsDto {
  @IsUUID()
  contractId!: string;
}

export class SetContractCustomersCommandData extends SetContractCustomersRequest {
  @IsUUID()
  contractId!: string;
}

export class AddContractLineCommandData extends AddContractLineRequest {
  @IsUUID()
  contractId!: string;
}

export class SetInvoiceScheduleCommandData extends SetInvoiceScheduleRequest {
  @IsUUID()
  contractId!: string;

  @IsUUID()
  contractLineId!: string;
}

export class AddMilestoneCommandData extends AddMilestoneRequest {
  @IsUUID()
  contractId!: string;

  @IsUUID()
  contractLineId!: string;
}

export class MarkMilestoneReadyForInvoicingCommandData {
  @IsUUID()
  contractId!: string;

  @IsUUID()
  contractLineId!: string;

  @IsUUID()
  milestoneId!: string;
}

export class RecordTransactionCommandData extends RecordTransactionRequest {
  @IsUUID()
  contractId!: string;

  @IsUUID()
  contractLineId!: string;
}

export const COMMAND_DATA_CLASSES = {
  CreateContract: CreateContractCommandData,
  SetContractCustomers: SetContractCustomersCommandData,
  AddContractLine: AddContractLineCommandData,
  SetInvoiceSchedule: SetInvoiceScheduleCommandData,
  AddMilestone: AddMilestoneCommandData,
  MarkMilestoneReadyForInvoicing: MarkMilestoneReadyForInvoicingCommandData,
  RecordTransaction: RecordTransactionCommandData,
} as const satisfies Record<ContractCommandType, new () => object>;
