import { IsCalendarDate } from '@app/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { decodePreviewCursor } from '../preview-page-cursor';

export const DEFAULT_PREVIEW_PAGE_SIZE = 50;
export const MAX_PREVIEW_PAGE_SIZE = 200;

const IsPreviewCursor = () =>
  ValidateBy({
    name: 'isPreviewCursor',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && decodePreviewCursor(value) !== null,
      defaultMessage: () => 'cursor must be a nextCursor value from an earlier page',
    },
  });

/** `GET /invoice-preview`: the run date, and paging by due contract; unknown parameters are refused. */
export class InvoicePreviewQueryDto {
  @ApiProperty({ example: '2025-03-31', description: 'The run date to preview a process run for' })
  @IsCalendarDate()
  runDate!: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PREVIEW_PAGE_SIZE,
    default: DEFAULT_PREVIEW_PAGE_SIZE,
    description: 'due contracts per page at most (a page also ends after about 10,000 invoice details)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PREVIEW_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page (with the same runDate)' })
  @IsOptional()
  @IsPreviewCursor()
  cursor?: string;
}
