import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/platform';
import { PROCESS_RUN_NOT_FOUND } from '../invoice-run.errors';
import { ProcessRunRepository } from '../process-run.repository';
import { ListProcessRunsQueryDto } from './list-process-runs.query.dto';
import { ProcessRunIdParamsDto } from './process-run-id.params.dto';
import { ProcessRunResponseDto } from './process-run.response.dto';

@ApiTags('process runs')
@Controller('process-runs')
export class ProcessRunController {
  constructor(private readonly runs: ProcessRunRepository) {}

  @Get()
  @ApiOperation({ summary: 'Process runs, newest first' })
  @ApiOkResponse({ type: [ProcessRunResponseDto] })
  async list(@Query() query: ListProcessRunsQueryDto): Promise<ProcessRunResponseDto[]> {
    const runs = await this.runs.list(query.batchJobId ?? null, query.limit ?? 100);
    return runs.map((run) => ProcessRunResponseDto.from(run));
  }

  @Get(':processRunId')
  @ApiOkResponse({ type: ProcessRunResponseDto })
  @ApiResponse({ status: 404, description: 'no such run' })
  async get(@Param() params: ProcessRunIdParamsDto): Promise<ProcessRunResponseDto> {
    const { processRunId } = params;
    const run = await this.runs.findById(processRunId);
    if (run === null)
      throw new DomainError(PROCESS_RUN_NOT_FOUND, `no process run ${processRunId}`, { processRunId });
    return ProcessRunResponseDto.from(run);
  }
}
