import { ApiProperty } from '@nestjs/swagger';
import { WORKFLOWS, Workflow } from '@app/event-contracts';
import { BatchJob } from '../batch-job.row';
import { JobPhase } from '../domain';

export class BatchJobStateDto {
  @ApiProperty({ enum: ['Sleeping', 'Running', 'Inactive'] })
  phase!: JobPhase;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  nextRunAt!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  lastProcessRunId!: string | null;
}

export class BatchJobResponseDto {
  @ApiProperty({ format: 'uuid' })
  batchJobId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: WORKFLOWS })
  workflow!: Workflow;

  @ApiProperty({ enum: ['None'] })
  jobType!: 'None';

  @ApiProperty({ example: 'Daily' })
  frequency!: string;

  @ApiProperty()
  isActive!: boolean;

  @ApiProperty({ type: BatchJobStateDto })
  state!: BatchJobStateDto;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(job: BatchJob): BatchJobResponseDto {
    return {
      batchJobId: job.batchJobId,
      name: job.name,
      workflow: job.workflow,
      jobType: job.jobType,
      frequency: job.frequency,
      isActive: job.isActive,
      state: {
        phase: job.phase,
        nextRunAt: job.nextRunAt?.toISOString() ?? null,
        lastProcessRunId: job.lastProcessRunId,
      },
      createdAt: job.createdAt.toISOString(),
      updatedAt: job.updatedAt.toISOString(),
    };
  }
}
