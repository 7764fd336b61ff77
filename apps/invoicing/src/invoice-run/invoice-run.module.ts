import { Module } from '@nestjs/common';
import { PLATFORM_CONFIG, PlatformConfig } from '@app/platform';
import { BatchJobRepository } from '../batch-job/batch-job.repository';
import { InvoiceModule } from '../invoice/invoice.module';
import { BillingInputReader } from '../contract-projection/billing-input.reader';
import { ContractProjectionModule } from '../contract-projection/contract-projection.module';
import { RoleUtilizationModule } from '../role-utilization/role-utilization.module';
import { InvoicePreviewController } from './api/invoice-preview.controller';
import { ProcessRunController } from './api/process-run.controller';
import { BILLING_INPUT_SOURCE } from './billing-input.source';
import { ContractInvoicer } from './contract-invoicer';
import { InvoiceGroupWriter } from './invoice-group.writer';
import { InvoiceRunWorkflow } from './invoice-run.workflow';
import { InvoicePreviewService } from './invoice-preview.service';
import { ProcessRunExecutor } from './process-run.executor';
import { ProcessRunLauncher } from './process-run.launcher';
import { ProcessRunMetrics } from './process-run.metrics';
import { PROCESS_RUN_OPTIONS, processRunOptions } from './process-run.options';
import { ProcessRunRepository } from './process-run.repository';
import { ProcessRunSupervisor } from './process-run.supervisor';
import { ReplicaIdentity } from './replica-identity';

/**
 * Process runs: starting, executing under a lease, taking over, ending; the invoice workflow and
 * the role utilization workflow; the process-run and preview endpoints. Borrowed: the event store
 * and invoice metrics (invoice module; its outbox relay publishes the run's events), the billing
 * input reader (contract projection) and the utilization updater. Tests tune it with
 * `overrideProvider(PROCESS_RUN_OPTIONS).useValue(processRunOptions({...}))`.
 */
@Module({
  imports: [InvoiceModule, ContractProjectionModule, RoleUtilizationModule],
  controllers: [ProcessRunController, InvoicePreviewController],
  providers: [
    {
      provide: PROCESS_RUN_OPTIONS,
      // Operators may shorten fail-over (PROCESS_RUN_LEASE_MS); the heartbeat keeps its share of it.
      useFactory: (config: PlatformConfig) =>
        processRunOptions({ leaseMs: config.processRunLeaseMs, heartbeatMs: config.processRunLeaseMs / 5 }),
      inject: [PLATFORM_CONFIG],
    },
    { provide: BILLING_INPUT_SOURCE, useExisting: BillingInputReader },
    ReplicaIdentity,
    BatchJobRepository,
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
