import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../invoice-run/api/is-calendar-date.validator';

export class RunNowRequestDto {
  @ApiPropertyOptional({
    example: '2025-03-31',
    description: "The run's run date; defaults to today in BUSINESS_TIMEZONE.",
  })
  @IsOptional()
  @IsCalendarDate()
  runDate?: string;
}
