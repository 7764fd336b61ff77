import { topicNames, TopicNames } from '@app/event-contracts';
import { ServiceName } from './config-variables';
import { Environment, NodeEnv, PlatformLogLevel, SaslMechanism } from './environment';
import { validateEnvironment } from './validate-environment';

export interface KafkaSaslConfig {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  readonly password: string;
}

export interface KafkaConfig {
  readonly clientId: string;
  readonly brokers: readonly string[];
  readonly topicPrefix: string;
  readonly topics: TopicNames;
  readonly topicPartitions: number;
  readonly topicReplicationFactor: number;
  readonly ssl: boolean;
  readonly sasl: KafkaSaslConfig | null;
}

export interface DatabaseConfig {
  readonly url: string;
  /** The PostgreSQL schema the service owns; named after the service. */
  readonly schema: ServiceName;
  readonly poolSize: number;
}

/** The typed configuration of one service, validated once at start. */
export interface PlatformConfig {
  readonly service: ServiceName;
  readonly nodeEnv: NodeEnv;
  readonly logLevel: PlatformLogLevel;
  readonly http: { readonly port: number; readonly bodyLimit: string };
  readonly database: DatabaseConfig;
  readonly kafka: KafkaConfig;
  readonly auth: { readonly apiKeys: readonly string[]; readonly keysForReads: boolean };
  readonly businessTimeZone: string;
  readonly roleCapacityHoursPerDay: number;
  /** How long an invoicing replica's process run lease lasts without a heartbeat. */
  readonly processRunLeaseMs: number;
}

/** DI token for {@link PlatformConfig}; tests replace it with `overrideProvider(PLATFORM_CONFIG)`. */
export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');

function kafkaSasl(env: Environment): KafkaSaslConfig | null {
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = env;
  if (!mechanism || !username || !password) return null;
  return { mechanism, username, password };
}

export function toPlatformConfig(service: ServiceName, env: Environment): PlatformConfig {
  const perService = {
    contracts: { url: env.CONTRACTS_DATABASE_URL, port: env.CONTRACTS_PORT },
    invoicing: { url: env.INVOICING_DATABASE_URL, port: env.INVOICING_PORT },
  }[service];
  return {
    service,
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    http: { port: perService.port, bodyLimit: env.HTTP_BODY_LIMIT },
    database: { url: perService.url ?? env.DATABASE_URL, schema: service, poolSize: env.DATABASE_POOL_SIZE },
    kafka: {
      clientId: service,
      brokers: env.KAFKA_BROKERS.split(','),
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      topics: topicNames(env.KAFKA_TOPIC_PREFIX),
      topicPartitions: env.KAFKA_TOPIC_PARTITIONS,
      topicReplicationFactor: env.KAFKA_TOPIC_REPLICATION_FACTOR,
      ssl: env.KAFKA_SSL,
      sasl: kafkaSasl(env),
    },
    auth: { apiKeys: env.API_KEYS ? env.API_KEYS.split(',') : [], keysForReads: env.API_KEYS_FOR_READS },
    businessTimeZone: env.BUSINESS_TIMEZONE,
    roleCapacityHoursPerDay: env.ROLE_CAPACITY_HOURS_PER_DAY,
    processRunLeaseMs: env.PROCESS_RUN_LEASE_MS,
  };
}

/**
 * Validated configuration outside Nest (scripts, tests). Throws {@link ConfigValidationError}
 * naming every bad variable.
 */
export function loadConfig(
  service: ServiceName,
  env: Record<string, string | undefined> = process.env,
): PlatformConfig {
  return toPlatformConfig(service, validateEnvironment(env));
}
