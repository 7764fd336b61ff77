import { Logger, Module, Provider } from '@nestjs/common';
import { TopicKey } from '@app/event-contracts';
import { BatchKafkaServer, CONSUMER_CLIENT_RETRY } from '@app/event-store';
import {
  CONSUMER_TRANSPORT,
  createKafka,
  PLATFORM_CONFIG,
  PlatformConfig,
  TopicProvisioner,
} from '@app/platform';
import { DataSource } from 'typeorm';
import { ContractMetrics } from './contract/contract.metrics';
import { ContractModule } from './contract/contract.module';

/**
 * The transport of the service's `@EventPattern` consumers (the command intake and the invoice
 * view), on the environment's topics and topic prefix; `bootstrapService` connects it.
 */
const CONTRACTS_CONSUMER_TRANSPORT: Provider = {
  provide: CONSUMER_TRANSPORT,
  inject: [PLATFORM_CONFIG, DataSource, TopicProvisioner, ContractMetrics],
  useFactory: (
    config: PlatformConfig,
    dataSource: DataSource,
    topics: TopicProvisioner,
    metrics: ContractMetrics,
  ) =>
    new BatchKafkaServer({
      // A client of its own, which keeps reconnecting through a broker restart (see the retry).
      kafka: createKafka(config.kafka, config.logLevel, { retry: CONSUMER_CLIENT_RETRY }),
      dataSource,
      groupIdPrefix: config.kafka.topicPrefix,
      topicName: (name) => config.kafka.topics[name as TopicKey],
      topicsReady: () => topics.ready(),
      maxAttempts: config.kafka.consumerMaxAttempts,
      metricsFor: (topic) => metrics.consumer(topic),
      logger: new Logger('ContractsConsumers'),
    }),
};

/** The Kafka transport that runs the service's `@EventPattern` consumers. */
@Module({
  imports: [ContractModule],
  providers: [CONTRACTS_CONSUMER_TRANSPORT],
})
export class ConsumerTransportModule {}
