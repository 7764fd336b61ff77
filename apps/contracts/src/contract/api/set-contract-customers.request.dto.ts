import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID, ValidateNested } from 'class-validator';
import { IsDecimalString } from './field-format.validators';

export class CustomerSplitDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  customerId!: string;

  @ApiProperty({ example: '60', description: 'decimal string; the splits of a contract sum to exactly 100' })
  @IsDecimalString()
  billingSplitPercent!: string;
}

export class SetContractCustomersRequest {
  @ApiProperty({
    type: [CustomerSplitDto],
    description: 'replaces the split; the last customer takes the rounding remainder of every amount',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CustomerSplitDto)
  customers!: CustomerSplitDto[];
}
