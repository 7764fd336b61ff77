import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BatchJobService } from '../batch-job.service';
import { BatchJobIdParamsDto } from './batch-job-id.params.dto';
import { BatchJobResponseDto } from './batch-job.response.dto';
import { CreateBatchJobRequestDto } from './create-batch-job.request.dto';

@ApiTags('batch jobs')
@Controller('batch-jobs')
export class BatchJobController {
  constructor(private readonly jobs: BatchJobService) {}

  @Post()
  @ApiOperation({ summary: 'Create a batch job; an active one starts its cycle at once' })
  @ApiCreatedResponse({ type: BatchJobResponseDto })
  @ApiResponse({ status: 409, description: 'another invoice job is already active (named in the error)' })
  @ApiResponse({ status: 422, description: 'an invoice job whose name lacks "create invoices"' })
  async create(@Body() body: CreateBatchJobRequestDto): Promise<BatchJobResponseDto> {
    return BatchJobResponseDto.from(await this.jobs.create(body));
  }

  @Get()
  @ApiOperation({ summary: 'Every batch job with its timer state' })
  @ApiOkResponse({ type: [BatchJobResponseDto] })
  async list(): Promise<BatchJobResponseDto[]> {
    return (await this.jobs.list()).map((job) => BatchJobResponseDto.from(job));
  }

  @Get(':batchJobId')
  @ApiOkResponse({ type: BatchJobResponseDto })
  @ApiResponse({ status: 404, description: 'no such job' })
  async get(@Param() params: BatchJobIdParamsDto): Promise<BatchJobResponseDto> {
    return BatchJobResponseDto.from(await this.jobs.get(params.batchJobId));
  }

  @Post(':batchJobId/deactivate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop the cycle; a run in progress finishes' })
  @ApiOkResponse({ type: BatchJobResponseDto })
  async deactivate(@Param() params: BatchJobIdParamsDto): Promise<BatchJobResponseDto> {
    return BatchJobResponseDto.from(await this.jobs.deactivate(params.batchJobId));
  }

  @Post(':batchJobId/activate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start a fresh cycle (a caller sleeps one frequency first)' })
  @ApiOkResponse({ type: BatchJobResponseDto })
  @ApiResponse({ status: 409, description: 'already active, or another invoice job is active' })
  async activate(@Param() params: BatchJobIdParamsDto): Promise<BatchJobResponseDto> {
    return BatchJobResponseDto.from(await this.jobs.activate(params.batchJobId));
  }
}
