import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { invoiceNotFound } from '../invoice-error-statuses';
import { InvoiceLifecycle } from '../invoice-lifecycle.service';
import { InvoicePage, InvoiceQueries, InvoiceView } from '../invoice.queries';
import { InvoiceIdParamsDto } from './invoice-id.params.dto';
import { InvoiceDto, InvoicePageDto } from './invoice.response.dto';
import { DEFAULT_PAGE_SIZE, ListInvoicesQueryDto } from './list-invoices.query.dto';

@ApiTags('invoices')
@ApiBadRequestResponse({ description: 'a malformed id or query parameter, each one named' })
@Controller('invoices')
export class InvoiceController {
  constructor(
    private readonly queries: InvoiceQueries,
    private readonly lifecycle: InvoiceLifecycle,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Invoices, oldest first, filtered and paged by cursor' })
  @ApiOkResponse({ type: InvoicePageDto })
  list(@Query() query: ListInvoicesQueryDto): Promise<InvoicePage> {
    return this.queries.list({ ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Get(':id')
  @ApiOperation({ summary: 'An invoice with its status, lines and the items each line bills' })
  @ApiOkResponse({ type: InvoiceDto })
  @ApiNotFoundResponse()
  async get(@Param() params: InvoiceIdParamsDto): Promise<InvoiceView> {
    return this.existing(params.id);
  }

  @Post(':id/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Confirm (post) a draft; one-way' })
  @ApiOkResponse({ type: InvoiceDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'the invoice is not a draft' })
  @ApiUnauthorizedResponse()
  async confirm(@Param() params: InvoiceIdParamsDto): Promise<InvoiceView> {
    await this.lifecycle.confirm(params.id);
    return this.existing(params.id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Cancel a draft: its transactions return to unbilled, its milestones to ReadyForInvoicing',
  })
  @ApiOkResponse({ type: InvoiceDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'the invoice is not a draft' })
  @ApiUnauthorizedResponse()
  async cancel(@Param() params: InvoiceIdParamsDto): Promise<InvoiceView> {
    await this.lifecycle.cancel(params.id);
    return this.existing(params.id);
  }

  @Post(':id/correct')
  @ApiOperation({ summary: 'Credit a confirmed invoice with a corrective draft (negated amounts)' })
  @ApiCreatedResponse({ type: InvoiceDto, description: 'the corrective draft' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'not confirmed, itself a corrective, or already corrected' })
  @ApiUnauthorizedResponse()
  async correct(@Param() params: InvoiceIdParamsDto): Promise<InvoiceView> {
    const corrective = await this.lifecycle.correct(params.id);
    return this.existing(corrective.invoiceId);
  }

  private async existing(invoiceId: string): Promise<InvoiceView> {
    const invoice = await this.queries.find(invoiceId);
    if (!invoice) throw invoiceNotFound(invoiceId);
    return invoice;
  }
}
