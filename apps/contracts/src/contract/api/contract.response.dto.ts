import {
  BILLING_METHODS,
  EventEnvelope,
  MILESTONE_STATUSES,
  MilestoneStatus,
  TRANSACTION_CLASSES,
} from '@app/event-contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CustomerSplitDto } from './set-contract-customers.request.dto';
import { ScheduleFrequencyDto } from './set-invoice-schedule.request.dto';
import { BILLING_STATUSES } from './contract-reads.query.dto';

/* OpenAPI shapes of the answers; the controllers return the plain views these describe. */

export class ScheduleEntryViewDto {
  @ApiProperty({ example: '2025-04-01' }) invoiceRunDate!: string;
  @ApiProperty({ example: '2025-03-31' }) transactionCutoffDate!: string;
  @ApiProperty({
    enum: ['RunSuccessful'],
    nullable: true,
    description:
      'RunSuccessful once an invoice covered the entry; null while unknown here (the invoicing service has it)',
  })
  runStatus!: 'RunSuccessful' | null;
}

export class InvoiceScheduleViewDto {
  @ApiProperty({ type: ScheduleFrequencyDto, nullable: true }) frequency!: ScheduleFrequencyDto | null;
  @ApiProperty({ type: [ScheduleEntryViewDto] }) entries!: ScheduleEntryViewDto[];
}

export class MilestoneShareViewDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: ['InvoiceCreated', 'InvoicePosted'] }) status!: string;
  @ApiProperty() invoiceId!: string;
  @ApiProperty({ example: 'INV-000042' }) invoiceNumber!: string;
}

export class MilestoneViewDto {
  @ApiProperty({ format: 'uuid' }) milestoneId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '2025-03-31' }) milestoneDate!: string;
  @ApiProperty({ example: '12500.00' }) amount!: string;
  @ApiProperty({ enum: MILESTONE_STATUSES }) status!: MilestoneStatus;
  @ApiProperty({ nullable: true }) invoiceId!: string | null;
  @ApiProperty({ nullable: true, example: 'INV-000042' }) invoiceNumber!: string | null;
  @ApiProperty({
    type: [MilestoneShareViewDto],
    description: "each customer's share that an invoice holds (a billing split bills one per customer)",
  })
  shares!: readonly MilestoneShareViewDto[];
}

export class TransactionCountsDto {
  @ApiProperty() unbilled!: number;
  @ApiProperty() billed!: number;
  @ApiProperty() posted!: number;
}

export class ContractLineViewDto {
  @ApiProperty({ format: 'uuid' }) contractLineId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: BILLING_METHODS }) billingMethod!: string;
  @ApiProperty({ enum: TRANSACTION_CLASSES, isArray: true }) includedTransactionClasses!: string[];
  @ApiProperty({ nullable: true, example: '50000.00' }) notToExceed!: string | null;
  @ApiProperty({ type: InvoiceScheduleViewDto, nullable: true })
  invoiceSchedule!: InvoiceScheduleViewDto | null;
  @ApiProperty({ type: [MilestoneViewDto] }) milestones!: MilestoneViewDto[];
  @ApiProperty({ type: TransactionCountsDto, description: 'transactions on the line by billing status' })
  transactions!: TransactionCountsDto;
}

export class ContractViewDto {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ type: [CustomerSplitDto] }) customers!: CustomerSplitDto[];
  @ApiProperty({ type: [ContractLineViewDto] }) lines!: ContractLineViewDto[];
  @ApiProperty({ description: 'the stream version; also the ETag for If-Match' }) version!: number;
}

export class ContractLineAnswerDto extends ContractLineViewDto {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty() version!: number;
}

export class ContractCustomersAnswerDto {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ type: [CustomerSplitDto] }) customers!: CustomerSplitDto[];
  @ApiProperty() version!: number;
}

export class InvoiceScheduleAnswerDto extends InvoiceScheduleViewDto {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ format: 'uuid' }) contractLineId!: string;
  @ApiProperty() version!: number;
}

export class MilestoneAnswerDto extends MilestoneViewDto {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({ format: 'uuid' }) contractLineId!: string;
  @ApiProperty() version!: number;
}

export class TransactionShareViewDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: ['Billed', 'Posted'] }) billingStatus!: string;
  @ApiProperty() invoiceId!: string;
  @ApiProperty({ example: 'INV-000042' }) invoiceNumber!: string;
}

export class TransactionViewDto {
  @ApiProperty({ format: 'uuid' }) transactionId!: string;
  @ApiProperty({ format: 'uuid' }) contractLineId!: string;
  @ApiProperty({ enum: TRANSACTION_CLASSES }) transactionClass!: string;
  @ApiProperty({ example: '2025-03-10' }) transactionDate!: string;
  @ApiProperty({ example: '7.5' }) quantity!: string;
  @ApiProperty({ example: '120.00' }) unitPrice!: string;
  @ApiProperty({
    example: '900.00',
    description: "quantity × unitPrice, half-up to the currency's minor units",
  })
  amount!: string;
  @ApiProperty({ nullable: true }) description!: string | null;
  @ApiProperty({ nullable: true }) resourceRole!: string | null;
  @ApiProperty({ enum: BILLING_STATUSES }) billingStatus!: string;
  @ApiProperty({ nullable: true }) invoiceId!: string | null;
  @ApiProperty({ nullable: true }) invoiceNumber!: string | null;
  @ApiProperty({
    type: [TransactionShareViewDto],
    description: "each customer's share that an invoice holds (a billing split bills one per customer)",
  })
  shares!: readonly TransactionShareViewDto[];
}

export class TransactionAnswerDto extends TransactionViewDto {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty() version!: number;
}

export class TransactionsBatchAnswerDto {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [TransactionViewDto], description: 'in request order' })
  transactions!: TransactionViewDto[];
}

export class TransactionPageDto {
  @ApiProperty({ type: [TransactionViewDto] }) transactions!: TransactionViewDto[];
  @ApiPropertyOptional({ nullable: true }) nextAfterVersion!: number | null;
}

export class EventEnvelopeDto implements EventEnvelope {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'TransactionRecorded' }) eventType!: string;
  @ApiProperty({ example: 1 }) schemaVersion!: number;
  @ApiProperty({ format: 'uuid' }) streamId!: string;
  @ApiProperty() streamVersion!: number;
  @ApiProperty({ example: '2025-03-10T09:30:00.000Z' }) occurredAt!: string;
  @ApiProperty({ nullable: true }) correlationId!: string | null;
  @ApiProperty({ nullable: true }) causationId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: unknown;
}

export class EventPageDto {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [EventEnvelopeDto] }) events!: EventEnvelopeDto[];
  @ApiProperty({ nullable: true, description: 'fromVersion of the next page; null at the end' })
  nextFromVersion!: number | null;
}
