import { Logger } from '@nestjs/common';
import { Kafka, KafkaConfig as KafkaJsConfig, logCreator, logLevel } from 'kafkajs';
import { PlatformLogLevel } from '../config/environment';
import { KafkaConfig } from '../config/platform-config';
import { kafkaEntryLevel } from './kafka-log-levels';

/** kafkajs is chatty at INFO (every connect); `log` keeps its warnings and errors only. */
function kafkaLogLevel(level: PlatformLogLevel): logLevel {
  if (level === 'fatal' || level === 'error') return logLevel.ERROR;
  if (level === 'warn' || level === 'log') return logLevel.WARN;
  return logLevel.INFO;
}

/**
 * Routes kafkajs logs through Nest's logger so they share format and level, at the level each is
 * worth (`kafkaEntryLevel`: a rebalance or a moving leader is no error).
 */
const nestLogCreator: logCreator = () => {
  return ({ namespace, level, log }) => {
    const logger = new Logger(`Kafka:${namespace}`);
    const { message, ...extra } = log;
    const text = `${message} ${JSON.stringify(extra)}`;
    logger[kafkaEntryLevel(namespace, level, log)](text);
  };
};

export function kafkaClientConfig(
  config: KafkaConfig,
  level: PlatformLogLevel = 'log',
  overrides: Partial<KafkaJsConfig> = {},
): KafkaJsConfig {
  const base: KafkaJsConfig = {
    clientId: config.clientId,
    brokers: [...config.brokers],
    ssl: config.ssl,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    // Attempts at most 2 s apart: with kafkajs' default of 30 s, a client could find the broker
    // back up to half a minute late (a consumer kept fetching nothing for that long).
    retry: { initialRetryTime: 300, maxRetryTime: 2_000, retries: 8 },
    logLevel: kafkaLogLevel(level),
    logCreator: nestLogCreator,
    ...overrides,
  };
  if (!config.sasl) return base;
  const { mechanism, username, password } = config.sasl;
  return { ...base, sasl: { mechanism, username, password } as KafkaJsConfig['sasl'] };
}

/**
 * A kafkajs client for a service, with TLS/SASL from configuration. The retry policy is the
 * client's own: kafkajs applies it to connecting too, whatever an admin or producer asks for.
 */
export function createKafka(
  config: KafkaConfig,
  level: PlatformLogLevel = 'log',
  overrides: Partial<KafkaJsConfig> = {},
): Kafka {
  return new Kafka(kafkaClientConfig(config, level, overrides));
}
