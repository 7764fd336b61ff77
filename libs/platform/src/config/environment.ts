import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsPositive,
  IsTimeZone,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { DEFAULT_DATABASE_URL } from './config-variables';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** Lowest first is most severe: a level enables itself and every level before it. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type PlatformLogLevel = (typeof LOG_LEVELS)[number];

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;
const BROKER_LIST = /^[^\s:,]+:\d{1,5}(,[^\s:,]+:\d{1,5})*$/;
/** Kafka's legal topic characters. */
const TOPIC_PREFIX = /^[A-Za-z0-9._-]*$/;
const KEY_LIST = /^[^\s,]+(,[^\s,]+)*$/;
const BYTE_SIZE = /^\d+(b|kb|mb)$/i;

/** Environment strings arrive as text; 'true'/'false' become booleans, anything else fails @IsBoolean. */
const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};

const port = (name: string) => ({ message: `${name} must be an integer port between 1 and 65535` });

/**
 * The raw environment after validation; defaults live in the initialisers. Field names are the
 * variable names so class-validator's messages name the variable an operator has to fix.
 */
export class Environment {
  @IsIn(NODE_ENVS, { message: `NODE_ENV must be one of ${NODE_ENVS.join(', ')}` })
  NODE_ENV: NodeEnv = 'development';

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: PlatformLogLevel = 'log';

  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL: string = DEFAULT_DATABASE_URL;

  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'CONTRACTS_DATABASE_URL must be a postgres:// or postgresql:// URL' })
  CONTRACTS_DATABASE_URL?: string;

  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'INVOICING_DATABASE_URL must be a postgres:// or postgresql:// URL' })
  INVOICING_DATABASE_URL?: string;

  @Type(() => Number)
  @IsInt({ message: 'DATABASE_POOL_SIZE must be an integer between 2 and 100' })
  @Min(2, { message: 'DATABASE_POOL_SIZE must be an integer between 2 and 100' })
  @Max(100, { message: 'DATABASE_POOL_SIZE must be an integer between 2 and 100' })
  DATABASE_POOL_SIZE = 10;

  /** Longest any one SQL statement may run (PostgreSQL `statement_timeout`). */
  @Type(() => Number)
  @IsInt({
    message: 'DATABASE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds from 100 to 3600000',
  })
  @Min(100, {
    message: 'DATABASE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds from 100 to 3600000',
  })
  @Max(3600000, {
    message: 'DATABASE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds from 100 to 3600000',
  })
  DATABASE_STATEMENT_TIMEOUT_MS = 60_000;

  /** Longest a statement waits for a lock (`lock_timeout`). */
  @Type(() => Number)
  @IsInt({ message: 'DATABASE_LOCK_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000' })
  @Min(100, { message: 'DATABASE_LOCK_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000' })
  @Max(600000, {
    message: 'DATABASE_LOCK_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000',
  })
  DATABASE_LOCK_TIMEOUT_MS = 10_000;

  /** Longest a transaction may sit idle (`idle_in_transaction_session_timeout`). */
  @Type(() => Number)
  @IsInt({
    message:
      'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 3600000',
  })
  @Min(1000, {
    message:
      'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 3600000',
  })
  @Max(3600000, {
    message:
      'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 3600000',
  })
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

  @Matches(BROKER_LIST, { message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  @Matches(TOPIC_PREFIX, { message: 'KAFKA_TOPIC_PREFIX may hold only letters, digits, ".", "_" and "-"' })
  KAFKA_TOPIC_PREFIX = '';

  @Type(() => Number)
  @IsInt({ message: 'KAFKA_TOPIC_PARTITIONS must be an integer between 1 and 1000' })
  @Min(1, { message: 'KAFKA_TOPIC_PARTITIONS must be an integer between 1 and 1000' })
  @Max(1000, { message: 'KAFKA_TOPIC_PARTITIONS must be an integer between 1 and 1000' })
  KAFKA_TOPIC_PARTITIONS = 6;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'KAFKA_TOPIC_REPLICATION_FACTOR must be an integer between 1 and 10' })
  @Min(1, { message: 'KAFKA_TOPIC_REPLICATION_FACTOR must be an integer between 1 and 10' })
  @Max(10, { message: 'KAFKA_TOPIC_REPLICATION_FACTOR must be an integer between 1 and 10' })
  KAFKA_TOPIC_REPLICATION_FACTOR?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'KAFKA_TOPIC_MIN_INSYNC_REPLICAS must be an integer between 1 and 10' })
  @Min(1, { message: 'KAFKA_TOPIC_MIN_INSYNC_REPLICAS must be an integer between 1 and 10' })
  @Max(10, { message: 'KAFKA_TOPIC_MIN_INSYNC_REPLICAS must be an integer between 1 and 10' })
  KAFKA_TOPIC_MIN_INSYNC_REPLICAS?: number;

  @Transform(toBoolean)
  @IsBoolean({ message: 'KAFKA_SSL must be true or false' })
  KAFKA_SSL = false;

  @Type(() => Number)
  @IsInt({ message: 'CONSUMER_MAX_ATTEMPTS must be an integer between 1 and 100' })
  @Min(1, { message: 'CONSUMER_MAX_ATTEMPTS must be an integer between 1 and 100' })
  @Max(100, { message: 'CONSUMER_MAX_ATTEMPTS must be an integer between 1 and 100' })
  CONSUMER_MAX_ATTEMPTS = 5;

  @IsOptional()
  @IsIn(SASL_MECHANISMS, { message: `KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')}` })
  KAFKA_SASL_MECHANISM?: SaslMechanism;

  @IsOptional()
  KAFKA_SASL_USERNAME?: string;

  @IsOptional()
  KAFKA_SASL_PASSWORD?: string;

  @Type(() => Number)
  @IsInt(port('CONTRACTS_PORT'))
  @Min(1, port('CONTRACTS_PORT'))
  @Max(65535, port('CONTRACTS_PORT'))
  CONTRACTS_PORT = 3001;

  @Type(() => Number)
  @IsInt(port('INVOICING_PORT'))
  @Min(1, port('INVOICING_PORT'))
  @Max(65535, port('INVOICING_PORT'))
  INVOICING_PORT = 3002;

  @Matches(BYTE_SIZE, { message: 'HTTP_BODY_LIMIT must be a size such as 512kb or 2mb' })
  HTTP_BODY_LIMIT = '2mb';

  @IsOptional()
  @Matches(KEY_LIST, { message: 'API_KEYS must be a comma-separated list of keys without spaces' })
  API_KEYS?: string;

  @Transform(toBoolean)
  @IsBoolean({ message: 'API_KEYS_FOR_READS must be true or false' })
  API_KEYS_FOR_READS = false;

  @Type(() => Number)
  @IsInt({ message: 'READ_RATE_LIMIT_PER_MINUTE must be a whole number of reads from 0 to 1000000' })
  @Min(0, { message: 'READ_RATE_LIMIT_PER_MINUTE must be a whole number of reads from 0 to 1000000' })
  @Max(1_000_000, { message: 'READ_RATE_LIMIT_PER_MINUTE must be a whole number of reads from 0 to 1000000' })
  READ_RATE_LIMIT_PER_MINUTE = 600;

  @IsTimeZone({ message: 'BUSINESS_TIMEZONE must be an IANA time zone such as UTC or Europe/Amsterdam' })
  BUSINESS_TIMEZONE = 'UTC';

  @Type(() => Number)
  @IsPositive({ message: 'ROLE_CAPACITY_HOURS_PER_DAY must be a number of hours above 0 and at most 24' })
  @Max(24, { message: 'ROLE_CAPACITY_HOURS_PER_DAY must be a number of hours above 0 and at most 24' })
  ROLE_CAPACITY_HOURS_PER_DAY = 8;

  @Type(() => Number)
  @IsInt({ message: 'PROCESS_RUN_LEASE_MS must be a whole number of milliseconds from 1000 to 600000' })
  @Min(1000, { message: 'PROCESS_RUN_LEASE_MS must be a whole number of milliseconds from 1000 to 600000' })
  @Max(600_000, {
    message: 'PROCESS_RUN_LEASE_MS must be a whole number of milliseconds from 1000 to 600000',
  })
  PROCESS_RUN_LEASE_MS = 15_000;

  /** A run that records no progress for this long stops renewing its lease. */
  @Type(() => Number)
  @IsInt({ message: 'PROCESS_RUN_STALL_MS must be a whole number of milliseconds from 2000 to 3600000' })
  @Min(2000, { message: 'PROCESS_RUN_STALL_MS must be a whole number of milliseconds from 2000 to 3600000' })
  @Max(3600000, {
    message: 'PROCESS_RUN_STALL_MS must be a whole number of milliseconds from 2000 to 3600000',
  })
  PROCESS_RUN_STALL_MS = 300_000;

  /** How often the outbox relay tries the events it parked after a broker refusal again (ADR 0004). */
  @Type(() => Number)
  @IsInt({ message: 'OUTBOX_PARKED_RETRY_MS must be a whole number of milliseconds from 1000 to 86400000' })
  @Min(1000, {
    message: 'OUTBOX_PARKED_RETRY_MS must be a whole number of milliseconds from 1000 to 86400000',
  })
  @Max(86_400_000, {
    message: 'OUTBOX_PARKED_RETRY_MS must be a whole number of milliseconds from 1000 to 86400000',
  })
  OUTBOX_PARKED_RETRY_MS = 300_000;
  @Type(() => Number)
  @IsInt({
    message: 'PROCESS_RUN_PROJECTION_WAIT_MS must be a whole number of milliseconds from 0 to 600000',
  })
  @Min(0, {
    message: 'PROCESS_RUN_PROJECTION_WAIT_MS must be a whole number of milliseconds from 0 to 600000',
  })
  @Max(600_000, {
    message: 'PROCESS_RUN_PROJECTION_WAIT_MS must be a whole number of milliseconds from 0 to 600000',
  })
  PROCESS_RUN_PROJECTION_WAIT_MS = 60_000;
}
