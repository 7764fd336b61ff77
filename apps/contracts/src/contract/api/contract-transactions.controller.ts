import { Body, Controller, Get, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
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
import { CommandOptions, ContractCommandHandler } from '../command-handler';
import { contractCommands } from '../contract-commands';
import { ContractQueries, TransactionPage } from '../contract.queries';
import { recordedTransactionView, TransactionView } from '../contract.view';
import { ContractETagInterceptor } from './contract-etag.interceptor';
import { ContractLineParamsDto, ContractParamsDto } from './contract.params.dto';
import { ContractTransactionsQueryDto, DEFAULT_PAGE_SIZE } from './contract-reads.query.dto';
import {
  TransactionAnswerDto,
  TransactionPageDto,
  TransactionsBatchAnswerDto,
} from './contract.response.dto';
import { contractNotFound, createdOrRepeated, IF_MATCH_HEADER } from './contracts.controller';
import { RecordTransactionRequest, RecordTransactionsBatchRequest } from './record-transaction.request.dto';
import { validBatch } from './record-transactions-batch.validation';
import { WriteContext } from './write-request.context';

type TransactionAnswer = TransactionView & { contractId: string; version: number };

@ApiTags('transactions')
@ApiBadRequestResponse({
  description: 'a malformed body, path id or query parameter; each bad field is named',
})
@ApiNotFoundResponse({ description: 'unknown contract or line' })
@UseInterceptors(ContractETagInterceptor)
@Controller('contracts/:contractId')
export class ContractTransactionsController {
  constructor(
    private readonly commands: ContractCommandHandler,
    private readonly queries: ContractQueries,
  ) {}

  @Post('lines/:lineId/transactions')
  @ApiOperation({
    summary: 'Record a billable transaction on a time-and-material line (idempotent with an id)',
  })
  @ApiCreatedResponse({ type: TransactionAnswerDto })
  @ApiOkResponse({ type: TransactionAnswerDto, description: 'the same transaction again: recorded once' })
  @ApiConflictResponse({ description: 'the transactionId was recorded with another body' })
  @ApiUnprocessableEntityResponse({
    description: 'a class the line excludes, a fixed-price line, a zero quantity',
  })
  @ApiPreconditionFailedResponse({ description: 'If-Match names another version' })
  @ApiUnauthorizedResponse()
  @ApiHeader(IF_MATCH_HEADER)
  async record(
    @Param() params: ContractLineParamsDto,
    @Body() body: RecordTransactionRequest,
    @WriteContext() context: CommandOptions,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TransactionAnswer> {
    const transactionId = body.transactionId ?? randomUUID();
    const command = contractCommands.recordTransaction(params.contractId, params.lineId, transactionId, body);
    const handled = await this.commands.handle(command, context);
    createdOrRepeated(response, handled);
    // Recorded now: answered from its event. A repeat shows the row as it is (it may be billed).
    const [recorded] = handled.events;
    const [transaction] =
      recorded?.type === 'TransactionRecorded'
        ? [recordedTransactionView(recorded.data)]
        : await this.queries.transactionsByIds(params.contractId, [transactionId]);
    return { contractId: params.contractId, ...transaction, version: handled.version };
  }

  @Post('transactions/batch')
  @ApiOperation({
    summary: 'Record up to 1,000 transactions in one database transaction: all or nothing',
    description: 'A refused batch records nothing and names every refused item (`transactions[3].quantity`).',
  })
  @ApiBody({ type: RecordTransactionsBatchRequest })
  @ApiCreatedResponse({ type: TransactionsBatchAnswerDto })
  @ApiOkResponse({ type: TransactionsBatchAnswerDto, description: 'every transaction was recorded before' })
  @ApiConflictResponse({ description: 'a transactionId recorded with another body' })
  @ApiUnprocessableEntityResponse({ description: 'items that break a rule, each named' })
  @ApiPreconditionFailedResponse({ description: 'If-Match names another version' })
  @ApiUnauthorizedResponse()
  @ApiHeader(IF_MATCH_HEADER)
  async recordBatch(
    @Param() params: ContractParamsDto,
    // Validated here rather than by the global pipe: see record-transactions-batch.validation.ts.
    @Body() body: unknown,
    @WriteContext() context: CommandOptions,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TransactionsBatchAnswerDto> {
    const { contractId } = params;
    const { transactions } = await validBatch(body);
    const commands = transactions.map((item) =>
      contractCommands.recordTransaction(
        contractId,
        item.contractLineId,
        item.transactionId ?? randomUUID(),
        item,
      ),
    );
    const handled = await this.commands.handleBatch(contractId, commands, context);
    createdOrRepeated(response, handled);
    const ids = commands.map((command) => command.data.transactionId);
    return {
      contractId,
      version: handled.version,
      transactions: await this.queries.transactionsByIds(contractId, ids),
    };
  }

  @Get('transactions')
  @ApiOperation({
    summary: "The contract's transactions with their billing status, in recording order, paged",
  })
  @ApiOkResponse({ type: TransactionPageDto })
  async list(
    @Param() params: ContractParamsDto,
    @Query() query: ContractTransactionsQueryDto,
  ): Promise<TransactionPage> {
    const page = await this.queries.transactions(params.contractId, {
      ...query,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    if (page.transactions.length === 0 && !(await this.queries.exists(params.contractId))) {
      throw contractNotFound(params.contractId);
    }
    return page;
  }
}
