import { IsCalendarDate } from '@app/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export class RunNowRequestDto {
  @ApiPropertyOptional({
    example: '2025-03-31',
    description: "The run's run date; defaults to today in BUSINESS_TIMEZONE; never after today.",
  })
  @IsOptional()
  @IsCalendarDate()
  runDate?: string;
}
