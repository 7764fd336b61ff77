import { DynamicModule, Global, Module } from '@nestjs/common';
import { TopicKey } from '@app/event-contracts';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { createKafka } from './kafka.factory';
import { KAFKA, SERVICE_TOPICS } from './kafka.tokens';
import { TopicProvisioner } from './topic-provisioner';

export interface KafkaModuleOptions {
  /** The topics this service writes or reads; created at start when missing. */
  readonly topics: readonly TopicKey[];
}

/** Provides `KAFKA` (a kafkajs client from configuration) and the {@link TopicProvisioner}. */
@Global()
@Module({})
export class KafkaModule {
  static forService(options: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        {
          provide: KAFKA,
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) => createKafka(config.kafka, config.logLevel),
        },
        {
          provide: SERVICE_TOPICS,
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) => options.topics.map((key) => config.kafka.topics[key]),
        },
        TopicProvisioner,
      ],
      exports: [KAFKA, SERVICE_TOPICS, TopicProvisioner],
    };
  }
}
