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
import { CommandsConsumerModule } from './commands-consumer/commands-consumer.module';
import { CONTRACT_ERROR_STATUSES } from './contract/contract.errors';
import { ContractModule } from './contract/contract.module';
import { InvoicesConsumerModule } from './invoices-consumer/invoices-consumer.module';
import { ConsumerTransportModule } from './consumer-transport.module';
import { CONTRACTS_MIGRATIONS } from './migrations';

/** Topics contracts writes (events, its DLQs) or reads (commands, invoices). */
export const CONTRACTS_TOPICS: readonly TopicKey[] = [
  'contractCommands',
  'contractCommandsDlq',
  'contractEvents',
  'invoices',
  'contractInvoicesDlq',
];

@Module({
  imports: [
    PlatformConfigModule.forService('contracts'),
    ClockModule,
    DatabaseModule.forService({ schema: 'contracts', migrations: CONTRACTS_MIGRATIONS }),
    KafkaModule.forService({ topics: CONTRACTS_TOPICS }),
    HealthModule,
    MetricsModule,
    HttpPlatformModule.forRoot({ domainErrorStatuses: CONTRACT_ERROR_STATUSES }),
    ContractModule,
    CommandsConsumerModule,
    InvoicesConsumerModule,
    ConsumerTransportModule,
  ],
})
export class ContractsModule {}
