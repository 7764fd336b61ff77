import { ApiProperty } from '@nestjs/swagger';

export class ScheduleEntryDto {
  @ApiProperty() contractLineId!: string;
  @ApiProperty() lineName!: string;
  @ApiProperty({ format: 'date' }) invoiceRunDate!: string;
  @ApiProperty({ format: 'date' }) transactionCutoffDate!: string;
  @ApiProperty({ enum: ['NotRun', 'RunSuccessful', 'RunFailed'] }) status!: string;
  @ApiProperty({ format: 'uuid', nullable: true }) processRunId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, description: 'the invoice that billed the entry' })
  invoiceId!: string | null;
  @ApiProperty({ nullable: true, description: 'why the contract was parked' })
  failureReason!: string | null;
}

export class ScheduleEntriesDto {
  @ApiProperty() contractId!: string;
  @ApiProperty({ type: [ScheduleEntryDto] }) items!: ScheduleEntryDto[];
}
