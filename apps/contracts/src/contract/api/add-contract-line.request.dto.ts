import { BILLING_METHODS, BillingMethod, TRANSACTION_CLASSES, TransactionClass } from '@app/event-contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { IsDecimalString } from './field-format.validators';

export class AddContractLineRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'client-supplied id: makes the add idempotent' })
  @IsOptional()
  @IsUUID()
  contractLineId?: string;

  @ApiProperty({ example: 'Consulting', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: BILLING_METHODS })
  @IsIn(BILLING_METHODS)
  billingMethod!: BillingMethod;

  @ApiPropertyOptional({
    enum: TRANSACTION_CLASSES,
    isArray: true,
    description: 'the classes a time-and-material line takes; all four when absent',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TRANSACTION_CLASSES, { each: true })
  includedTransactionClasses?: TransactionClass[];

  @ApiPropertyOptional({
    example: '50000.00',
    nullable: true,
    description: 'cap on what the line invoices in total (time-and-material only)',
  })
  @IsOptional()
  @IsDecimalString()
  notToExceed?: string | null;
}
