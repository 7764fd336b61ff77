import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** Validated like a body field, so a malformed id is named in the 400 (`processRunId`). */
export class ProcessRunIdParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  processRunId!: string;
}
