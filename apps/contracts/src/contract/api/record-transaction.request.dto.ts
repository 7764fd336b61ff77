import { TRANSACTION_CLASSES, TransactionClass } from '@app/event-contracts';
import { IsCalendarDate } from '@app/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsDecimalString } from './field-format.validators';

/** The most transactions one batch request records (docs/product.md 4.4). */
export const MAX_BATCH_TRANSACTIONS = 1000;

export class RecordTransactionRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'client-supplied id: makes recording idempotent' })
  @IsOptional()
  @IsUUID()
  transactionId?: string;

  @ApiProperty({ enum: TRANSACTION_CLASSES })
  @IsIn(TRANSACTION_CLASSES)
  transactionClass!: TransactionClass;

  @ApiProperty({ example: '2025-03-10' })
  @IsCalendarDate()
  transactionDate!: string;

  @ApiProperty({ example: '7.5', description: 'decimal string; negative corrects an earlier recording' })
  @IsDecimalString()
  quantity!: string;

  @ApiProperty({ example: '120.00', description: 'decimal string, not negative' })
  @IsDecimalString()
  unitPrice!: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'Senior developer', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  resourceRole?: string | null;
}

export class BatchTransactionDto extends RecordTransactionRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  contractLineId!: string;
}

export class RecordTransactionsBatchRequest {
  @ApiProperty({ type: [BatchTransactionDto], minItems: 1, maxItems: MAX_BATCH_TRANSACTIONS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_TRANSACTIONS)
  @ValidateNested({ each: true })
  @Type(() => BatchTransactionDto)
  transactions!: BatchTransactionDto[];
}
