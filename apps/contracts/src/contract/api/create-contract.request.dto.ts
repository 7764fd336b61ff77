import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** The fields of a contract, shared by the REST body and the `CreateContract` command. */
export class ContractFieldsDto {
  @ApiProperty({ example: 'Website relaunch', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ format: 'uuid', description: 'the customer billed for 100 percent until customers are set' })
  @IsUUID()
  customerId!: string;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217 code; an unknown code is refused with 422' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(3)
  currency!: string;
}

export class CreateContractRequest extends ContractFieldsDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'client-supplied id: repeating the create with the same body returns the same contract',
  })
  @IsOptional()
  @IsUUID()
  contractId?: string;
}
