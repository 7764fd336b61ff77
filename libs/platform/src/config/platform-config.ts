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
  /** null: min(3, brokers in the cluster), decided when the topics are created. */
  readonly topicReplicationFactor: number | null;
  /** null: 2 for topics of replication factor 3 or more, else 1. */
  readonly topicMinInsyncReplicas: number | null;
  readonly ssl: boolean;
  readonly sasl: KafkaSaslConfig | null;
  /** Attempts a consumed message gets when its handler fails unexpectedly, then it is dead-lettered. */
  readonly consumerMaxAttempts: number;
}

export interface DatabaseConfig {
  readonly url: string;
  /** The PostgreSQL schema the service owns; named after the service. */
  readonly schema: ServiceName;
  readonly poolSize: number;
  /** PostgreSQL session limits (ADR 0003): every statement, lock wait and idle transaction is bounded. */
  readonly statementTimeoutMs: number;
  readonly lockTimeoutMs: number;
  readonly idleInTransactionTimeoutMs: number;
}

/** The typed configuration of one service, validated once at start. */
export interface PlatformConfig {
  readonly service: ServiceName;
  readonly nodeEnv: NodeEnv;
  readonly logLevel: PlatformLogLevel;
  readonly http: {
    readonly port: number;
    readonly bodyLimit: string;
    /** Reads without an API key per client and minute; 0: no limit. */
    readonly readRateLimitPerMinute: number;
  };
  readonly database: DatabaseConfig;
  readonly kafka: KafkaConfig;
  readonly auth: { readonly apiKeys: readonly string[]; readonly keysForReads: boolean };
  readonly businessTimeZone: string;
  readonly roleCapacityHoursPerDay: number;
  /** How long an invoicing replica's process run lease lasts without a heartbeat. */
  readonly processRunLeaseMs: number;
  /** How long a process run may make no progress before its replica gives up the lease. */
  readonly processRunStallMs: number;
  /** How often the outbox relay tries its parked events again (ADR 0004, "Parking"). */
  readonly outboxParkedRetryMs: number;
  /** How long a process run waits for the projection to reach the end offsets read at its start. */
  readonly processRunProjectionWaitMs: number;
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
    http: {
      port: perService.port,
      bodyLimit: env.HTTP_BODY_LIMIT,
      readRateLimitPerMinute: env.READ_RATE_LIMIT_PER_MINUTE,
    },
    database: {
      url: perService.url ?? env.DATABASE_URL,
      schema: service,
      poolSize: env.DATABASE_POOL_SIZE,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: env.DATABASE_LOCK_TIMEOUT_MS,
      idleInTransactionTimeoutMs: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    kafka: {
      clientId: service,
      brokers: env.KAFKA_BROKERS.split(','),
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      topics: topicNames(env.KAFKA_TOPIC_PREFIX),
      topicPartitions: env.KAFKA_TOPIC_PARTITIONS,
      topicReplicationFactor: env.KAFKA_TOPIC_REPLICATION_FACTOR ?? null,
      topicMinInsyncReplicas: env.KAFKA_TOPIC_MIN_INSYNC_REPLICAS ?? null,
      ssl: env.KAFKA_SSL,
      sasl: kafkaSasl(env),
      consumerMaxAttempts: env.CONSUMER_MAX_ATTEMPTS,
    },
    auth: { apiKeys: env.API_KEYS ? env.API_KEYS.split(',') : [], keysForReads: env.API_KEYS_FOR_READS },
    businessTimeZone: env.BUSINESS_TIMEZONE,
    roleCapacityHoursPerDay: env.ROLE_CAPACITY_HOURS_PER_DAY,
    processRunLeaseMs: env.PROCESS_RUN_LEASE_MS,
    processRunStallMs: env.PROCESS_RUN_STALL_MS,
    outboxParkedRetryMs: env.OUTBOX_PARKED_RETRY_MS,
    processRunProjectionWaitMs: env.PROCESS_RUN_PROJECTION_WAIT_MS,
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
