import { ConfigVariable, SERVICE_NAMES, ServiceName } from './config-variable';
import { KAFKA_VARIABLES } from './kafka-variables';

export * from './config-variable';

const both: readonly ServiceName[] = SERVICE_NAMES;

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  {
    name: 'NODE_ENV',
    default: 'development',
    meaning: '`development`, `test` or `production`; production refuses to start without `API_KEYS`',
    services: both,
    secret: false,
  },
  {
    name: 'LOG_LEVEL',
    default: 'log',
    meaning: 'lowest level logged: `fatal`, `error`, `warn`, `log`, `debug` or `verbose`',
    services: both,
    secret: false,
  },
  {
    name: 'DATABASE_URL',
    default: DEFAULT_DATABASE_URL,
    meaning: 'PostgreSQL connection URL shared by both services (each owns its own schema)',
    services: both,
    secret: true,
  },
  {
    name: 'CONTRACTS_DATABASE_URL',
    default: null,
    meaning: 'overrides `DATABASE_URL` for contracts (schema `contracts`)',
    services: ['contracts'],
    secret: true,
  },
  {
    name: 'INVOICING_DATABASE_URL',
    default: null,
    meaning: 'overrides `DATABASE_URL` for invoicing (schema `invoicing`)',
    services: ['invoicing'],
    secret: true,
  },
  {
    name: 'DATABASE_POOL_SIZE',
    default: '10',
    meaning: 'maximum PostgreSQL connections per service instance (2-100)',
    services: both,
    secret: false,
  },
  {
    name: 'DATABASE_STATEMENT_TIMEOUT_MS',
    default: '60000',
    meaning:
      'milliseconds any one SQL statement may run before PostgreSQL cancels it (`statement_timeout`, 100-3600000; migrations are exempt)',
    services: both,
    secret: false,
  },
  {
    name: 'DATABASE_LOCK_TIMEOUT_MS',
    default: '10000',
    meaning:
      'milliseconds a statement waits for a row or table lock before it fails (`lock_timeout`, 100-600000); a REST call that hits it is a 503 `DATABASE_BUSY`',
    services: both,
    secret: false,
  },
  {
    name: 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS',
    default: '60000',
    meaning:
      'milliseconds a transaction may sit idle before PostgreSQL ends its session (`idle_in_transaction_session_timeout`, 1000-3600000)',
    services: both,
    secret: false,
  },
  ...KAFKA_VARIABLES,
  {
    name: 'CONTRACTS_PORT',
    default: '3001',
    meaning: 'HTTP port of contracts',
    services: ['contracts'],
    secret: false,
  },
  {
    name: 'INVOICING_PORT',
    default: '3002',
    meaning: 'HTTP port of invoicing',
    services: ['invoicing'],
    secret: false,
  },
  {
    name: 'HTTP_BODY_LIMIT',
    default: '2mb',
    meaning: 'largest accepted JSON body (e.g. `512kb`, `2mb`); larger bodies get 413',
    services: both,
    secret: false,
  },
  {
    name: 'API_KEYS',
    default: null,
    meaning:
      'comma-separated keys for write endpoints (`Authorization: Bearer <key>`); unset means open access with a warning at start, refused when `NODE_ENV=production`',
    services: both,
    secret: true,
  },
  {
    name: 'API_KEYS_FOR_READS',
    default: 'false',
    meaning: '`true` requires a key for reads as well (health, metrics and docs stay open)',
    services: both,
    secret: false,
  },
  {
    name: 'READ_RATE_LIMIT_PER_MINUTE',
    default: '600',
    meaning:
      'reads without an API key one client (IP address) may make per minute; more get 429 with `Retry-After` (applies once `API_KEYS` is set; keyed reads, health and metrics are not limited; `0` turns the limit off)',
    services: both,
    secret: false,
  },
  {
    name: 'BUSINESS_TIMEZONE',
    default: 'UTC',
    meaning: 'IANA time zone that turns instants into run dates',
    services: both,
    secret: false,
  },
  {
    name: 'ROLE_CAPACITY_HOURS_PER_DAY',
    default: '8',
    meaning: 'capacity per resource role and day used by role utilization (0-24, exclusive of 0)',
    services: ['invoicing'],
    secret: false,
  },
  {
    name: 'PROCESS_RUN_LEASE_MS',
    default: '15000',
    meaning:
      'milliseconds a process run stays with a replica that stopped renewing its lease before another takes it over (1000-600000; renewed every fifth of it)',
    services: ['invoicing'],
    secret: false,
  },
  {
    name: 'PROCESS_RUN_STALL_MS',
    default: '300000',
    meaning:
      'milliseconds a process run may go without progress (an invoice group written, a page of contracts done) before its replica stops renewing the lease so another takes the run over (2000-3600000)',
    services: ['invoicing'],
    secret: false,
  },
  {
    name: 'OUTBOX_PARKED_RETRY_MS',
    default: '300000',
    meaning:
      "milliseconds between the outbox relay's attempts to publish an event the broker refused (and the events of its key waiting behind it) again; also tried when a replica takes the lead (1000-86400000)",
    services: both,
    secret: false,
  },
  {
    name: 'PROCESS_RUN_PROJECTION_WAIT_MS',
    default: '60000',
    meaning:
      'milliseconds a process run waits, before it selects anything, for the projection to apply contracts.events up to the end offsets read at its start; then it fails with PROJECTION_BEHIND (0-600000)',
    services: ['invoicing'],
    secret: false,
  },
];

export function configVariablesOf(service: ServiceName): readonly ConfigVariable[] {
  return CONFIG_VARIABLES.filter((variable) => variable.services.includes(service));
}
