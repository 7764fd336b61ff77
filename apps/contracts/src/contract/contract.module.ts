import { Module } from '@nestjs/common';
import { EventStore, IdempotencyGuard } from '@app/event-store';
import { ContractLinesController } from './api/contract-lines.controller';
import { ContractTransactionsController } from './api/contract-transactions.controller';
import { ContractsController } from './api/contracts.controller';
import { ContractCommandHandler } from './command-handler';
import { contractEventStoreProviders } from './contract-event-store.provider';
import { ContractMetrics } from './contract.metrics';
import { ContractQueries } from './contract.queries';
import { ContractsOutboxRelay } from './contracts-outbox.relay';

/** The contract aggregate: REST API, command handling, read model and the outbox relay. */
@Module({
  controllers: [ContractsController, ContractLinesController, ContractTransactionsController],
  providers: [
    ...contractEventStoreProviders,
    ContractCommandHandler,
    ContractQueries,
    ContractMetrics,
    ContractsOutboxRelay,
  ],
  exports: [EventStore, IdempotencyGuard, ContractCommandHandler, ContractMetrics, ContractsOutboxRelay],
})
export class ContractModule {}
