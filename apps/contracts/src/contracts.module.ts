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
import { CONTRACTS_MIGRATIONS } from './migrations';

/** Topics contracts writes (commands DLQ, events) or reads (commands, invoices). */
export const CONTRACTS_TOPICS: readonly TopicKey[] = [
  'contractCommands',
  'contractCommandsDlq',
  'contractEvents',
  'invoices',
];

@Module({
  imports: [
    PlatformConfigModule.forService('contracts'),
    ClockModule,
    DatabaseModule.forService({ schema: 'contracts', migrations: CONTRACTS_MIGRATIONS }),
    KafkaModule.forService({ topics: CONTRACTS_TOPICS }),
    HealthModule,
    MetricsModule,
    HttpPlatformModule.forRoot({ domainErrorStatuses: {} }),
  ],
})
export class ContractsModule {}
