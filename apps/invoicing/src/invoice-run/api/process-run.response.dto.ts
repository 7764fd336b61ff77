import { ApiProperty } from '@nestjs/swagger';
import { WORKFLOWS, Workflow } from '@app/event-contracts';
import { ProcessRun, ProcessRunStatus } from '../process-run.row';

export class ProcessRunProgressDto {
  @ApiProperty({ description: 'Due contracts the run has finished' })
  done!: number;

  @ApiProperty({ description: 'Due contracts when the run started' })
  total!: number;
}

/** docs/product.md 4.5, field for field. */
export class ProcessRunResponseDto {
  @ApiProperty({ format: 'uuid' })
  processRunId!: string;

  @ApiProperty({ format: 'uuid' })
  batchJobId!: string;

  @ApiProperty({ enum: WORKFLOWS })
  workflow!: Workflow;

  @ApiProperty({ example: '2025-03-31' })
  runDate!: string;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  endedAt!: string | null;

  @ApiProperty({ enum: ['Running', 'Succeeded', 'Failed'] })
  status!: ProcessRunStatus;

  @ApiProperty()
  contractLinesConsidered!: number;

  @ApiProperty()
  invoicesCreated!: number;

  @ApiProperty()
  skippedNoTransactions!: number;

  @ApiProperty()
  skippedNoSchedule!: number;

  @ApiProperty({ description: 'Transactions held back by a not-to-exceed ceiling' })
  heldBackByNotToExceed!: number;

  @ApiProperty()
  contractsParked!: number;

  @ApiProperty({ type: ProcessRunProgressDto })
  progress!: ProcessRunProgressDto;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  static from(run: ProcessRun): ProcessRunResponseDto {
    return {
      processRunId: run.processRunId,
      batchJobId: run.batchJobId,
      workflow: run.workflow,
      runDate: run.runDate,
      startedAt: run.startedAt.toISOString(),
      endedAt: run.endedAt?.toISOString() ?? null,
      status: run.status,
      contractLinesConsidered: run.contractLinesConsidered,
      invoicesCreated: run.invoicesCreated,
      skippedNoTransactions: run.skippedNoTransactions,
      skippedNoSchedule: run.skippedNoSchedule,
      heldBackByNotToExceed: run.heldBackByNotToExceed,
      contractsParked: run.contractsParked,
      progress: { done: run.progress.done, total: run.progress.total },
      error: run.error,
    };
  }
}
