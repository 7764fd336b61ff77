import { IsCalendarDate } from '@app/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsIn, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { SCHEDULE_PERIODS, SchedulePeriod } from '../domain';
import { IsScheduleDays } from './field-format.validators';

export class ScheduleFrequencyDto {
  @ApiProperty({ enum: SCHEDULE_PERIODS })
  @IsIn(SCHEDULE_PERIODS)
  period!: SchedulePeriod;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'string', example: 'Monday' },
      { type: 'array', items: { type: 'integer' }, example: [1, 16] },
    ],
    description:
      'one weekday name for Weekly and Biweekly, one to four day numbers (1-31) for Monthly, absent for Daily; ' +
      "when absent, the start date's weekday or day of month",
  })
  @IsOptional()
  @IsScheduleDays()
  days?: string | number[];
}

export class ScheduleEntryDto {
  @ApiProperty({ example: '2025-04-01' })
  @IsCalendarDate()
  invoiceRunDate!: string;

  @ApiPropertyOptional({ example: '2025-03-31', description: 'defaults to the day before the run date' })
  @IsOptional()
  @IsCalendarDate()
  transactionCutoffDate?: string;
}

/** Either `frequency` with `startDate` and `endDate`, or `entries` (docs/product.md 4.4). */
export class SetInvoiceScheduleRequest {
  @ApiPropertyOptional({ type: ScheduleFrequencyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScheduleFrequencyDto)
  frequency?: ScheduleFrequencyDto;

  @ApiPropertyOptional({ example: '2025-01-01', description: 'required with frequency' })
  @ValidateIf(
    (request: SetInvoiceScheduleRequest) =>
      request.frequency !== undefined || request.startDate !== undefined,
  )
  @IsDefined()
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional({ example: '2025-12-31', description: 'required with frequency; inclusive' })
  @ValidateIf(
    (request: SetInvoiceScheduleRequest) => request.frequency !== undefined || request.endDate !== undefined,
  )
  @IsDefined()
  @IsCalendarDate()
  endDate?: string;

  @ApiPropertyOptional({ type: [ScheduleEntryDto], description: 'explicit entries instead of a frequency' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ScheduleEntryDto)
  entries?: ScheduleEntryDto[];
}
