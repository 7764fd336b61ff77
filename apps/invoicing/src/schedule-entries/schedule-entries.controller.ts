import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, DomainErrorStatusTable } from '@app/platform';
import { ScheduleEntryQueries, ScheduleEntryView } from './schedule-entries.queries';
import { ScheduleEntriesQueryDto } from './schedule-entries.query.dto';
import { ScheduleEntriesDto } from './schedule-entries.response.dto';

export const SCHEDULE_CONTRACT_NOT_FOUND = 'SCHEDULE_CONTRACT_NOT_FOUND';

export const SCHEDULE_ENTRY_ERROR_STATUSES: DomainErrorStatusTable = {
  [SCHEDULE_CONTRACT_NOT_FOUND]: HttpStatus.NOT_FOUND,
};

@ApiTags('schedule-entries')
@Controller('schedule-entries')
export class ScheduleEntriesController {
  constructor(private readonly queries: ScheduleEntryQueries) {}

  @Get()
  @ApiOperation({ summary: "A contract's time-and-material schedule entries with their run status" })
  @ApiOkResponse({ type: ScheduleEntriesDto })
  @ApiBadRequestResponse({ description: 'contractId missing or not a UUID' })
  @ApiNotFoundResponse({ description: 'the invoicing service does not know the contract (yet)' })
  async list(
    @Query() query: ScheduleEntriesQueryDto,
  ): Promise<{ contractId: string; items: ScheduleEntryView[] }> {
    if (!(await this.queries.contractIsKnown(query.contractId))) {
      throw new DomainError(
        SCHEDULE_CONTRACT_NOT_FOUND,
        `contract ${query.contractId} is not known to invoicing (yet)`,
      );
    }
    return { contractId: query.contractId, items: await this.queries.ofContract(query.contractId) };
  }
}
