import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class ScheduleEntriesQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  contractId!: string;
}
