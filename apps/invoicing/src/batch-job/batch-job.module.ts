import { Module } from '@nestjs/common';
import { InvoiceRunModule } from '../invoice-run/invoice-run.module';
import { BatchJobController } from './api/batch-job.controller';
import { BatchJobRepository } from './batch-job.repository';
import { BatchJobService } from './batch-job.service';
import { JobScheduler } from './job-scheduler';

/** Batch jobs (SPEC 4.5) and the scheduler that fires their durable timers. */
@Module({
  imports: [InvoiceRunModule],
  controllers: [BatchJobController],
  providers: [BatchJobRepository, BatchJobService, JobScheduler],
})
export class BatchJobModule {}
