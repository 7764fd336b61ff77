import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class ListProcessRunsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this job's runs" })
  @IsOptional()
  @IsUUID()
  batchJobId?: string;

  @ApiPropertyOptional({
    default: 100,
    minimum: 1,
    maximum: 1000,
    description: 'Newest runs first, at most this many',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
