import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
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
import { ContractQueries } from '../contract.queries';
import { ContractLineView, MilestoneView } from '../contract.view';
import { AddContractLineRequest } from './add-contract-line.request.dto';
import { AddMilestoneRequest } from './add-milestone.request.dto';
import { ContractETagInterceptor } from './contract-etag.interceptor';
import { ContractLineParamsDto, ContractParamsDto, MilestoneParamsDto } from './contract.params.dto';
import { ContractLineAnswerDto, InvoiceScheduleAnswerDto, MilestoneAnswerDto } from './contract.response.dto';
import { createdOrRepeated, IF_MATCH_HEADER } from './contracts.controller';
import { SetInvoiceScheduleRequest } from './set-invoice-schedule.request.dto';
import { WriteContext } from './write-request.context';

type LineAnswer = ContractLineView & { contractId: string; version: number };
type ScheduleAnswer = NonNullable<ContractLineView['invoiceSchedule']> & {
  contractId: string;
  contractLineId: string;
  version: number;
};
type MilestoneAnswer = MilestoneView & { contractId: string; contractLineId: string; version: number };

@ApiTags('contract lines')
@ApiBadRequestResponse({ description: 'a malformed body or path id; each bad field is named' })
@ApiNotFoundResponse({ description: 'unknown contract, line or milestone' })
@ApiPreconditionFailedResponse({ description: 'If-Match names another version' })
@ApiUnauthorizedResponse()
@ApiHeader(IF_MATCH_HEADER)
@UseInterceptors(ContractETagInterceptor)
@Controller('contracts/:contractId/lines')
export class ContractLinesController {
  constructor(
    private readonly commands: ContractCommandHandler,
    private readonly queries: ContractQueries,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Add a time-and-material or fixed-price line (idempotent with a client-supplied id)',
  })
  @ApiCreatedResponse({ type: ContractLineAnswerDto })
  @ApiOkResponse({ type: ContractLineAnswerDto, description: 'the same add again: the existing line' })
  @ApiConflictResponse({ description: 'the contractLineId exists with another body' })
  @ApiUnprocessableEntityResponse({ description: 'e.g. notToExceed on a fixed-price line' })
  async addLine(
    @Param() params: ContractParamsDto,
    @Body() body: AddContractLineRequest,
    @WriteContext() context: CommandOptions,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LineAnswer> {
    const lineId = body.contractLineId ?? randomUUID();
    const handled = await this.commands.handle(
      contractCommands.addLine(params.contractId, lineId, body),
      context,
    );
    createdOrRepeated(response, handled);
    return this.lineAnswer(handled, lineId);
  }

  @Put(':lineId/invoice-schedule')
  @ApiOperation({
    summary:
      "Set a time-and-material line's invoice schedule: a frequency between two dates, or explicit entries",
  })
  @ApiOkResponse({ type: InvoiceScheduleAnswerDto })
  @ApiUnprocessableEntityResponse({ description: 'a schedule on a fixed-price line, or one too long' })
  async setInvoiceSchedule(
    @Param() params: ContractLineParamsDto,
    @Body() body: SetInvoiceScheduleRequest,
    @WriteContext() context: CommandOptions,
  ): Promise<ScheduleAnswer> {
    const command = contractCommands.setInvoiceSchedule(params.contractId, params.lineId, body);
    const line = await this.lineAnswer(await this.commands.handle(command, context), params.lineId);
    const schedule = line.invoiceSchedule ?? { frequency: null, entries: [] };
    return {
      contractId: line.contractId,
      contractLineId: line.contractLineId,
      ...schedule,
      version: line.version,
    };
  }

  @Post(':lineId/milestones')
  @ApiOperation({ summary: 'Add a milestone to a fixed-price line (idempotent with a client-supplied id)' })
  @ApiCreatedResponse({ type: MilestoneAnswerDto })
  @ApiOkResponse({ type: MilestoneAnswerDto, description: 'the same add again: the existing milestone' })
  @ApiConflictResponse({ description: 'the milestoneId exists with another body' })
  @ApiUnprocessableEntityResponse({ description: 'a milestone on a time-and-material line, a bad amount' })
  async addMilestone(
    @Param() params: ContractLineParamsDto,
    @Body() body: AddMilestoneRequest,
    @WriteContext() context: CommandOptions,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MilestoneAnswer> {
    const milestoneId = body.milestoneId ?? randomUUID();
    const command = contractCommands.addMilestone(params.contractId, params.lineId, milestoneId, body);
    const handled = await this.commands.handle(command, context);
    createdOrRepeated(response, handled);
    return this.milestoneAnswer(handled, params.lineId, milestoneId);
  }

  @Post(':lineId/milestones/:milestoneId/ready-for-invoicing')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark a milestone ready for invoicing (a repeat changes nothing)' })
  @ApiOkResponse({ type: MilestoneAnswerDto })
  async markMilestoneReady(
    @Param() params: MilestoneParamsDto,
    @WriteContext() context: CommandOptions,
  ): Promise<MilestoneAnswer> {
    const command = contractCommands.markMilestoneReady(params.contractId, params.lineId, params.milestoneId);
    return this.milestoneAnswer(
      await this.commands.handle(command, context),
      params.lineId,
      params.milestoneId,
    );
  }

  private async lineAnswer(handled: HandledCommand, lineId: string): Promise<LineAnswer> {
    const view = await this.queries.viewOf(handled.contract, handled.version);
    const line = view.lines.find((candidate) => candidate.contractLineId === lineId);
    if (!line) throw new Error(`line ${lineId} missing after a successful write`);
    return { contractId: view.contractId, ...line, version: view.version };
  }

  private async milestoneAnswer(
    handled: HandledCommand,
    lineId: string,
    milestoneId: string,
  ): Promise<MilestoneAnswer> {
    const line = await this.lineAnswer(handled, lineId);
    const milestone = line.milestones.find((candidate) => candidate.milestoneId === milestoneId);
    if (!milestone) throw new Error(`milestone ${milestoneId} missing after a successful write`);
    return { contractId: line.contractId, contractLineId: lineId, ...milestone, version: line.version };
  }
}
