import { Module } from '@nestjs/common';
import { TopicKey } from '@app/event-contracts';
import {
  ClockModule,
  DatabaseModule,
  HealthModule,
  HttpPlatformModule,
  KafkaModule,
  MetricsModule,
  PlatformConfigModule,
} from '@app/platform';
import { INVOICING_MIGRATIONS } from './migrations';
import { BatchJobModule } from './batch-job/batch-job.module';
import { InvoiceRunModule, PROCESS_RUN_ERROR_STATUSES } from './invoice-run';
import { INVOICE_ERROR_STATUSES, InvoiceModule } from './invoice';
import { RoleUtilizationModule } from './role-utilization';
import { SCHEDULE_ENTRY_ERROR_STATUSES, ScheduleEntriesModule } from './schedule-entries';
import { ContractProjectionModule, PROJECTION_ERROR_STATUSES } from './contract-projection';

/** Topics invoicing reads (contract events) or writes (invoices, process runs, its DLQ). */
export const INVOICING_TOPICS: readonly TopicKey[] = [
  'contractEvents',
  'invoices',
  'processRuns',
  'invoicingDlq',
];

@Module({
  imports: [
    PlatformConfigModule.forService('invoicing'),
    ClockModule,
    DatabaseModule.forService({ schema: 'invoicing', migrations: INVOICING_MIGRATIONS }),
    KafkaModule.forService({ topics: INVOICING_TOPICS }),
    HealthModule,
    MetricsModule,
    HttpPlatformModule.forRoot({
      domainErrorStatuses: {
        ...INVOICE_ERROR_STATUSES,
        ...SCHEDULE_ENTRY_ERROR_STATUSES,
        ...PROJECTION_ERROR_STATUSES,
        ...PROCESS_RUN_ERROR_STATUSES,
      },
    }),
    InvoiceModule,
    ScheduleEntriesModule,
    RoleUtilizationModule,
    ContractProjectionModule,
    InvoiceRunModule,
    BatchJobModule,
  ],
})
export class InvoicingModule {}
