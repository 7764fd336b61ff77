import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WORKFLOWS, Workflow } from '@app/event-contracts';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { JOB_TYPES } from '../domain';

export class CreateBatchJobRequestDto {
  @ApiProperty({
    example: 'Create Project Operations invoices',
    description: 'An invoice job\'s name must contain the words "create invoices" (any case).',
  })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: WORKFLOWS, description: 'ProcessRunCaller sleeps first; ProcessRunner runs first.' })
  @IsIn(WORKFLOWS)
  workflow!: Workflow;

  @ApiPropertyOptional({
    default: 'Daily',
    example: 'PT30S',
    description:
      'Daily, Hourly or an ISO-8601 duration (PT5S, P1DT2H); the next run is this long after a run ends.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  frequency?: string;

  @ApiPropertyOptional({ enum: JOB_TYPES, default: 'None' })
  @IsOptional()
  @IsIn(JOB_TYPES)
  jobType?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}
