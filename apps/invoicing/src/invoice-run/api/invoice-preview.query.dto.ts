import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate } from './is-calendar-date.validator';

export class InvoicePreviewQueryDto {
  @ApiProperty({ example: '2025-03-31', description: 'The run date to preview a process run for' })
  @IsCalendarDate()
  runDate!: string;
}
