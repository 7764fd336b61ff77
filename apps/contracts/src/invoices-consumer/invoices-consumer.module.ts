import { Module } from '@nestjs/common';
import { ContractModule } from '../contract';
import { InvoicesConsumer } from './invoices.consumer';

/** The contract view's reader of `invoicing.invoices`. */
@Module({
  imports: [ContractModule],
  controllers: [InvoicesConsumer],
})
export class InvoicesConsumerModule {}
