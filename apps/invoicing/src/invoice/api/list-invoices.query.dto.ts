import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateBy } from 'class-validator';
import { InvoiceStatus } from '../domain';
import { decodeInvoiceCursor } from '../invoice-page-cursor';

export const INVOICE_STATUSES: readonly InvoiceStatus[] = ['Draft', 'Confirmed', 'Cancelled'];
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const IsInvoiceCursor = () =>
  ValidateBy({
    name: 'isInvoiceCursor',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && decodeInvoiceCursor(value) !== null,
      defaultMessage: () => 'cursor must be a nextCursor value from an earlier page',
    },
  });

/** `GET /invoices` filters and paging; unknown parameters are refused like unknown body fields. */
export class ListInvoicesQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  contractId?: string;

  @ApiPropertyOptional({ enum: INVOICE_STATUSES })
  @IsOptional()
  @IsIn(INVOICE_STATUSES)
  status?: InvoiceStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  processRunId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @IsInvoiceCursor()
  cursor?: string;
}
