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
import { INVOICE_ERROR_STATUSES, InvoiceModule } from './invoice';

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
      },
    }),
    InvoiceModule,
  ],
})
export class InvoicingModule {}
