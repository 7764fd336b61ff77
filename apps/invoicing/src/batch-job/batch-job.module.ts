import { Module } from '@nestjs/common';
import { BatchJobController } from './api/batch-job.controller';
import { BatchJobGauges } from './batch-job.gauges';
import { BatchJobRepository } from './batch-job.repository';
import { BatchJobService } from './batch-job.service';

/**
 * Batch jobs (docs/product.md 4.5) and their durable timers. The invoice run claims due jobs
 * (`JobScheduler`) and serves run-now, through {@link BatchJobRepository}.
 */
@Module({
  controllers: [BatchJobController],
  providers: [BatchJobRepository, BatchJobService, BatchJobGauges],
  exports: [BatchJobRepository],
})
export class BatchJobModule {}
