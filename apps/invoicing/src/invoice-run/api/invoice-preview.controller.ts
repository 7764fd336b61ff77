import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvoicePreviewService } from '../invoice-preview.service';
import { InvoicePreviewQueryDto } from './invoice-preview.query.dto';
import { InvoicePreviewResponseDto } from './invoice-preview.response.dto';

@ApiTags('process runs')
@Controller('invoice-preview')
export class InvoicePreviewController {
  constructor(private readonly previews: InvoicePreviewService) {}

  @Get()
  @ApiOperation({
    summary: 'The invoices a process run on runDate would create (without ids or numbers), creating nothing',
  })
  @ApiOkResponse({ type: InvoicePreviewResponseDto })
  async preview(@Query() query: InvoicePreviewQueryDto): Promise<InvoicePreviewResponseDto> {
    return InvoicePreviewResponseDto.from(await this.previews.preview(query.runDate));
  }
}
