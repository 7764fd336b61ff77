import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { BillingStatus } from '../contract.view';

export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 1000;
/** Stream versions are PostgreSQL `int`: a larger number is no version, not a server error. */
export const MAX_STREAM_VERSION = 2_147_483_647;

export const BILLING_STATUSES: readonly BillingStatus[] = ['Unbilled', 'Billed', 'Posted'];

export class ContractEventsQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_STREAM_VERSION,
    default: 1,
    description: 'first stream version to return',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_STREAM_VERSION)
  fromVersion?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

export class ContractTransactionsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  contractLineId?: string;

  @ApiPropertyOptional({ enum: BILLING_STATUSES })
  @IsOptional()
  @IsIn(BILLING_STATUSES)
  billingStatus?: BillingStatus;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_STREAM_VERSION,
    description: 'the nextAfterVersion of the previous page',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_STREAM_VERSION)
  afterVersion?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}
