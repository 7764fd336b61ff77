import { ConfigVariable, SERVICE_NAMES } from './config-variable';

/** The Kafka connection, topic and consumer variables of {@link CONFIG_VARIABLES}, both services'. */
export const KAFKA_VARIABLES: readonly ConfigVariable[] = [
  {
    name: 'KAFKA_BROKERS',
    default: '127.0.0.1:9092',
    meaning: 'comma-separated Kafka bootstrap servers (`host:port`)',
    services: SERVICE_NAMES,
    secret: false,
  },
  {
    name: 'KAFKA_TOPIC_PREFIX',
    default: '',
    meaning: 'prepended to every topic name (isolates test runs and environments)',
    services: SERVICE_NAMES,
    secret: false,
  },
  {
    name: 'KAFKA_TOPIC_PARTITIONS',
    default: '6',
    meaning: 'partitions of the topics a service creates at start when they are missing',
    services: SERVICE_NAMES,
    secret: false,
  },
  {
    name: 'KAFKA_TOPIC_REPLICATION_FACTOR',
    default: null,
    meaning:
      'replication factor of the topics a service creates; unset: the smaller of 3 and the brokers in the cluster',
    services: SERVICE_NAMES,
    secret: false,
  },
  {
    name: 'KAFKA_TOPIC_MIN_INSYNC_REPLICAS',
    default: null,
    meaning:
      '`min.insync.replicas` of the topics a service creates; unset: 2 at replication factor 3 or more, else 1',
    services: SERVICE_NAMES,
    secret: false,
  },
  {
    name: 'KAFKA_SSL',
    default: 'false',
    meaning: '`true` connects to Kafka over TLS',
    services: SERVICE_NAMES,
    secret: false,
  },
  {
    name: 'CONSUMER_MAX_ATTEMPTS',
    default: '5',
    meaning:
      'attempts a consumed message gets when its handler fails unexpectedly (not a refusal, not an outage) before it is dead-lettered with the error and the partition goes on (1-100)',
    services: SERVICE_NAMES,
    secret: false,
  },
  {
    name: 'KAFKA_SASL_MECHANISM',
    default: null,
    meaning: '`plain`, `scram-sha-256` or `scram-sha-512`; unset means no SASL',
    services: SERVICE_NAMES,
    secret: false,
  },
  {
    name: 'KAFKA_SASL_USERNAME',
    default: null,
    meaning: 'SASL user name (required with `KAFKA_SASL_MECHANISM`)',
    services: SERVICE_NAMES,
    secret: false,
  },
  {
    name: 'KAFKA_SASL_PASSWORD',
    default: null,
    meaning: 'SASL password (required with `KAFKA_SASL_MECHANISM`)',
    services: SERVICE_NAMES,
    secret: true,
  },
];
