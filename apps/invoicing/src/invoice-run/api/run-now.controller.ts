import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BatchJobIdParamsDto } from '../../batch-job';
import { ProcessRunLauncher } from '../process-run.launcher';
import { ProcessRunSupervisor } from '../process-run.supervisor';
import { RunNowRequestDto } from './run-now.request.dto';
import { RunNowResponseDto } from './run-now.response.dto';

/**
 * `POST /batch-jobs/{id}/run-now` (docs/product.md 4.5): a batch job's resource, served by the invoice
 * run that claims the job and runs it, so batch-job does not depend on invoice-run.
 */
@ApiTags('batch jobs')
@Controller('batch-jobs')
export class RunNowController {
  constructor(
    private readonly launcher: ProcessRunLauncher,
    private readonly supervisor: ProcessRunSupervisor,
  ) {}

  @Post(':batchJobId/run-now')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Start a process run now (also on an inactive job); it continues in the background',
  })
  @ApiAcceptedResponse({ type: RunNowResponseDto })
  @ApiResponse({ status: 409, description: 'a run of this job is in progress' })
  @ApiResponse({
    status: 422,
    description: 'a runDate after today in BUSINESS_TIMEZONE (RUN_DATE_IN_FUTURE)',
  })
  /** Starts a run now, also before the timer expires or on an inactive job; 409 while one runs. */
  async runNow(
    @Param() params: BatchJobIdParamsDto,
    @Body() body: RunNowRequestDto,
  ): Promise<RunNowResponseDto> {
    const claimed = await this.launcher.startNow(params.batchJobId, body.runDate);
    void this.supervisor.launch(claimed);
    return { processRunId: claimed.processRunId };
  }
}
