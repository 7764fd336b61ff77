import { Module } from '@nestjs/common';
import { ContractModule } from '../contract';
import { ContractCommandsConsumer } from './contract-commands.consumer';

/** `contracts.commands` intake and its dead-letter topic. */
@Module({
  imports: [ContractModule],
  controllers: [ContractCommandsConsumer],
})
export class CommandsConsumerModule {}
