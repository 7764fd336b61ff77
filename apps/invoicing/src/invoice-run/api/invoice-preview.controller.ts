import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvoicePreviewService } from '../invoice-preview.service';
import { decodePreviewCursor } from '../preview-page-cursor';
import { DEFAULT_PREVIEW_PAGE_SIZE, InvoicePreviewQueryDto } from './invoice-preview.query.dto';
import { InvoicePreviewResponseDto } from './invoice-preview.response.dto';

@ApiTags('process runs')
@Controller('invoice-preview')
export class InvoicePreviewController {
  constructor(private readonly previews: InvoicePreviewService) {}

  @Get()
  @ApiOperation({
    summary:
      'The invoices a process run on runDate would create (without ids or numbers), creating nothing; paged by due contract',
  })
  @ApiOkResponse({ type: InvoicePreviewResponseDto })
  async preview(@Query() query: InvoicePreviewQueryDto): Promise<InvoicePreviewResponseDto> {
    const page = await this.previews.preview({
      runDate: query.runDate,
      limit: query.limit ?? DEFAULT_PREVIEW_PAGE_SIZE,
      after: query.cursor === undefined ? null : decodePreviewCursor(query.cursor),
    });
    return InvoicePreviewResponseDto.from(page);
  }
}
