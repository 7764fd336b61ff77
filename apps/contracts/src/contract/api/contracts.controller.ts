import {
  Body,
  Controller,
  Get,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CommandOptions, ContractCommandHandler, HandledCommand } from '../command-handler';
import { contractCommands } from '../contract-commands';
import { ContractQueries, EventPage } from '../contract.queries';
import { ContractView } from '../contract.view';
import { ContractETagInterceptor } from './contract-etag.interceptor';
import { ContractParamsDto } from './contract.params.dto';
import { ContractEventsQueryDto, DEFAULT_PAGE_SIZE } from './contract-reads.query.dto';
import { ContractCustomersAnswerDto, ContractViewDto, EventPageDto } from './contract.response.dto';
import { CreateContractRequest } from './create-contract.request.dto';
import { SetContractCustomersRequest } from './set-contract-customers.request.dto';
import { WriteContext } from './write-request.context';

/** 201 when the write created something, 200 when it repeated an earlier one (same id, same body). */
export function createdOrRepeated(response: Response, handled: HandledCommand): void {
  response.status(handled.events.length > 0 ? HttpStatus.CREATED : HttpStatus.OK);
}

export function contractNotFound(contractId: string): NotFoundException {
  return new NotFoundException({
    statusCode: 404,
    error: 'Not Found',
    code: 'CONTRACT_NOT_FOUND',
    message: `contract ${contractId} does not exist`,
  });
}

export const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description: 'the ETag of the contract ("3"): the write is refused with 412 when the contract has moved on',
};

@ApiTags('contracts')
@ApiBadRequestResponse({
  description: 'a malformed body, path id or query parameter; each bad field is named',
})
@UseInterceptors(ContractETagInterceptor)
@Controller('contracts')
export class ContractsController {
  constructor(
    private readonly commands: ContractCommandHandler,
    private readonly queries: ContractQueries,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a contract (idempotent with a client-supplied contractId)' })
  @ApiCreatedResponse({ type: ContractViewDto })
  @ApiOkResponse({ type: ContractViewDto, description: 'the same create again: the existing contract' })
  @ApiConflictResponse({ description: 'the contractId exists with another body' })
  @ApiUnprocessableEntityResponse({ description: 'e.g. a currency that is not ISO 4217' })
  @ApiUnauthorizedResponse()
  @ApiHeader(IF_MATCH_HEADER)
  async create(
    @Body() body: CreateContractRequest,
    @WriteContext() context: CommandOptions,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContractView> {
    const command = contractCommands.create(body.contractId ?? randomUUID(), body);
    const handled = await this.commands.handle(command, context);
    createdOrRepeated(response, handled);
    return this.queries.viewOf(handled.contract, handled.version);
  }

  @Get(':contractId')
  @ApiOperation({ summary: 'The contract with customers, lines, schedules, milestones and its version' })
  @ApiOkResponse({ type: ContractViewDto })
  @ApiNotFoundResponse()
  async get(@Param() params: ContractParamsDto): Promise<ContractView> {
    const view = await this.queries.contract(params.contractId);
    if (!view) throw contractNotFound(params.contractId);
    return view;
  }

  @Get(':contractId/events')
  @ApiOperation({
    summary: "The contract's event stream as published to Kafka (docs/product.md 4.2 envelopes), paged",
  })
  @ApiOkResponse({ type: EventPageDto })
  @ApiNotFoundResponse()
  async events(
    @Param() params: ContractParamsDto,
    @Query() query: ContractEventsQueryDto,
  ): Promise<EventPage> {
    const page = await this.queries.events(
      params.contractId,
      query.fromVersion ?? 1,
      query.limit ?? DEFAULT_PAGE_SIZE,
    );
    if (!page) throw contractNotFound(params.contractId);
    return page;
  }

  @Put(':contractId/customers')
  @ApiOperation({ summary: 'Set the customers and their billing splits (summing to 100)' })
  @ApiOkResponse({ type: ContractCustomersAnswerDto })
  @ApiNotFoundResponse()
  @ApiPreconditionFailedResponse({ description: 'If-Match names another version' })
  @ApiUnprocessableEntityResponse({ description: 'splits that do not sum to 100, a customer twice' })
  @ApiUnauthorizedResponse()
  @ApiHeader(IF_MATCH_HEADER)
  async setCustomers(
    @Param() params: ContractParamsDto,
    @Body() body: SetContractCustomersRequest,
    @WriteContext() context: CommandOptions,
  ): Promise<ContractCustomersAnswerDto> {
    const handled = await this.commands.handle(
      contractCommands.setCustomers(params.contractId, body.customers),
      context,
    );
    const { contractId, customers } = handled.contract;
    return { contractId, customers: [...customers], version: handled.version };
  }
}
