import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** Path ids are validated like body fields, so a malformed one is named in the 400. */
export class ContractParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  contractId!: string;
}

export class ContractLineParamsDto extends ContractParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  lineId!: string;
}

export class MilestoneParamsDto extends ContractLineParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  milestoneId!: string;
}
