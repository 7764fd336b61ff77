import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProjectionController } from './api/projection.controller';
import { BillingInputReader } from './billing-input.reader';
import { ContractProjectionPrometheus } from './contract-projection.metrics';
import { ContractProjectionService } from './contract-projection.service';

/**
 * Projects `contracts.events` into the invoicing read model and serves it to the invoice run
 * through {@link BillingInputReader}.
 */
@Module({
  controllers: [ProjectionController],
  providers: [
    ContractProjectionPrometheus,
    ContractProjectionService,
    {
      provide: BillingInputReader,
      inject: [DataSource],
      useFactory: (ds: DataSource) => new BillingInputReader(ds),
    },
  ],
  exports: [BillingInputReader],
})
export class ContractProjectionModule {}
