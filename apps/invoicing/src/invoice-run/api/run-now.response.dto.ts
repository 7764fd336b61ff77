import { ApiProperty } from '@nestjs/swagger';

export class RunNowResponseDto {
  @ApiProperty({ format: 'uuid' })
  processRunId!: string;
}
