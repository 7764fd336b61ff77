import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsCalendarDate } from '@app/platform';
import { IsDecimalString } from './field-format.validators';

export class AddMilestoneRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'client-supplied id: makes the add idempotent' })
  @IsOptional()
  @IsUUID()
  milestoneId?: string;

  @ApiProperty({ example: 'Design signed off', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: '2025-03-31', description: 'also its invoice run date' })
  @IsCalendarDate()
  milestoneDate!: string;

  @ApiProperty({ example: '12500.00', description: "positive, within the currency's minor units" })
  @IsDecimalString()
  amount!: string;
}
