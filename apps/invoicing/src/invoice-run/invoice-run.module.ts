import { Module } from '@nestjs/common';
import { PLATFORM_CONFIG, PlatformConfig } from '@app/platform';
import { DataSource } from 'typeorm';
import { BatchJobModule } from '../batch-job';
import { InvoiceModule } from '../invoice';
import { BillingInputReader } from './billing-input.reader';
import { ContractProjectionModule } from '../contract-projection';
import { RoleUtilizationModule } from '../role-utilization';
import { InvoicePreviewController } from './api/invoice-preview.controller';
import { RunNowController } from './api/run-now.controller';
import { ProcessRunController } from './api/process-run.controller';
import { BILLING_INPUT_SOURCE } from './billing-input.source';
import { ContractInvoicer } from './contract-invoicer';
import { InvoiceGroupWriter } from './invoice-group.writer';
import { InvoiceRunWorkflow } from './invoice-run.workflow';
import { JobScheduler } from './job-scheduler';
import { InvoicePreviewService } from './invoice-preview.service';
import { ProcessRunExecutor } from './process-run.executor';
import { ProcessRunLauncher } from './process-run.launcher';
import { ProcessRunMetrics } from './process-run.metrics';
import { PROCESS_RUN_OPTIONS, processRunOptions } from './process-run.options';
import { ProcessRunRepository } from './process-run.repository';
import { ProcessRunSupervisor } from './process-run.supervisor';
import { ReplicaIdentity } from './replica-identity';

/**
 * Process runs: claiming due batch jobs (the scheduler) and run-now, starting, executing under a lease, taking over, ending; the invoice workflow and
 * the role utilization workflow; the process-run and preview endpoints. Borrowed: the event store
 * and invoice metrics (invoice module; its outbox relay publishes the run's events), the billing
 * catch-up wait (contract projection) and the utilization updater; the billing input reader
 * over the contract projection's read model is the invoice run's own adapter of its port. Tests tune it with
 * `overrideProvider(PROCESS_RUN_OPTIONS).useValue(processRunOptions({...}))`.
 */
@Module({
  imports: [InvoiceModule, ContractProjectionModule, RoleUtilizationModule, BatchJobModule],
  controllers: [ProcessRunController, InvoicePreviewController, RunNowController],
  providers: [
    {
      provide: PROCESS_RUN_OPTIONS,
      // Operators may shorten fail-over (PROCESS_RUN_LEASE_MS); the heartbeat keeps its share of it.
      useFactory: (config: PlatformConfig) =>
        processRunOptions({
          leaseMs: config.processRunLeaseMs,
          heartbeatMs: config.processRunLeaseMs / 5,
          stallMs: config.processRunStallMs,
          projectionWaitMs: config.processRunProjectionWaitMs,
        }),
      inject: [PLATFORM_CONFIG],
    },
    {
      provide: BillingInputReader,
      inject: [DataSource],
      useFactory: (ds: DataSource) => new BillingInputReader(ds),
    },
    { provide: BILLING_INPUT_SOURCE, useExisting: BillingInputReader },
    ReplicaIdentity,
    JobScheduler,
    ProcessRunRepository,
    ProcessRunLauncher,
    InvoiceGroupWriter,
    ContractInvoicer,
    InvoiceRunWorkflow,
    ProcessRunExecutor,
    ProcessRunMetrics,
    ProcessRunSupervisor,
    InvoicePreviewService,
  ],
  exports: [PROCESS_RUN_OPTIONS, ProcessRunLauncher, ProcessRunSupervisor],
})
export class InvoiceRunModule {}
