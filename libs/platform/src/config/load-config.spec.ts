import { CONFIG_VARIABLES } from './config-variables';
import { loadConfig } from './platform-config';
import { ConfigValidationError } from './validate-environment';

type Env = Record<string, string | undefined>;

function problemsOf(env: Env, service: 'contracts' | 'invoicing' = 'contracts'): ConfigValidationError {
  try {
    loadConfig(service, env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  describe('with an empty environment', () => {
    const sut = loadConfig('contracts', {});

    it('uses the documented defaults', () => {
      expect(sut).toMatchObject({
        service: 'contracts',
        nodeEnv: 'development',
        logLevel: 'log',
        http: { port: 3001, bodyLimit: '2mb' },
        database: { url: 'postgres://postgres@127.0.0.1:5432/postgres', schema: 'contracts', poolSize: 10 },
        kafka: {
          clientId: 'contracts',
          brokers: ['127.0.0.1:9092'],
          topicPrefix: '',
          topicPartitions: 6,
          topicReplicationFactor: null,
          topicMinInsyncReplicas: null,
          ssl: false,
          sasl: null,
          consumerMaxAttempts: 5,
        },
        auth: { apiKeys: [], keysForReads: false },
        businessTimeZone: 'UTC',
        roleCapacityHoursPerDay: 8,
        processRunLeaseMs: 15000,
        processRunProjectionWaitMs: 60000,
      });
    });

    it('names the topics without a prefix', () => {
      expect(sut.kafka.topics.contractEvents).toBe('contracts.events');
    });

    it('gives invoicing its own port and schema', () => {
      expect(loadConfig('invoicing', {})).toMatchObject({
        http: { port: 3002 },
        database: { schema: 'invoicing' },
        kafka: { clientId: 'invoicing' },
      });
    });
  });

  describe('documented defaults', () => {
    it.each(CONFIG_VARIABLES.filter((v) => v.default !== null).map((v) => [v.name, v.default]))(
      'accepts %s=%p written out explicitly',
      (name, value) => {
        expect(() => loadConfig('contracts', { [name]: value as string })).not.toThrow();
      },
    );
  });

  describe('with values set', () => {
    it('prefers the per-service database URL over DATABASE_URL', () => {
      const env = { DATABASE_URL: 'postgres://shared/db', INVOICING_DATABASE_URL: 'postgres://own/db' };
      expect(loadConfig('invoicing', env).database.url).toBe('postgres://own/db');
      expect(loadConfig('contracts', env).database.url).toBe('postgres://shared/db');
    });

    it('splits brokers and keys on commas', () => {
      const sut = loadConfig('contracts', { KAFKA_BROKERS: 'a:9092,b:9093', API_KEYS: 'one,two' });
      expect(sut.kafka.brokers).toEqual(['a:9092', 'b:9093']);
      expect(sut.auth.apiKeys).toEqual(['one', 'two']);
    });

    it('prefixes every topic name', () => {
      expect(loadConfig('contracts', { KAFKA_TOPIC_PREFIX: 'staging.' }).kafka.topics.invoices).toBe(
        'staging.invoicing.invoices',
      );
    });

    it('reads booleans and numbers', () => {
      const sut = loadConfig('invoicing', {
        KAFKA_SSL: 'true',
        API_KEYS: 'k',
        API_KEYS_FOR_READS: '1',
        ROLE_CAPACITY_HOURS_PER_DAY: '7.5',
        INVOICING_PORT: '8080',
        PROCESS_RUN_LEASE_MS: '4000',
        PROCESS_RUN_PROJECTION_WAIT_MS: '0',
      });
      expect(sut).toMatchObject({
        kafka: { ssl: true },
        auth: { keysForReads: true },
        roleCapacityHoursPerDay: 7.5,
        http: { port: 8080 },
        processRunLeaseMs: 4000,
        processRunProjectionWaitMs: 0,
      });
    });

    it('treats an empty string as unset', () => {
      expect(loadConfig('contracts', { CONTRACTS_PORT: '', API_KEYS: '' })).toMatchObject({
        http: { port: 3001 },
        auth: { apiKeys: [] },
      });
    });

    it('builds SASL settings when a mechanism and credentials are given', () => {
      const env = {
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
      };
      expect(loadConfig('contracts', env).kafka.sasl).toEqual({
        mechanism: 'scram-sha-512',
        username: 'u',
        password: 'p',
      });
    });

    it('accepts any IANA time zone', () => {
      expect(loadConfig('contracts', { BUSINESS_TIMEZONE: 'Pacific/Kiritimati' }).businessTimeZone).toBe(
        'Pacific/Kiritimati',
      );
    });
  });

  describe('with a bad value', () => {
    it.each([
      ['NODE_ENV', 'staging'],
      ['LOG_LEVEL', 'loud'],
      ['DATABASE_URL', 'mysql://localhost/db'],
      ['CONTRACTS_DATABASE_URL', 'not a url'],
      ['INVOICING_DATABASE_URL', 'http://example.com'],
      ['DATABASE_POOL_SIZE', '1'],
      ['KAFKA_BROKERS', 'localhost'],
      ['KAFKA_TOPIC_PREFIX', 'has space'],
      ['KAFKA_TOPIC_PARTITIONS', '0'],
      ['KAFKA_TOPIC_REPLICATION_FACTOR', 'three'],
      ['KAFKA_SSL', 'yes'],
      ['CONSUMER_MAX_ATTEMPTS', '0'],
      ['CONSUMER_MAX_ATTEMPTS', '2.5'],
      ['CONSUMER_MAX_ATTEMPTS', '101'],
      ['KAFKA_SASL_MECHANISM', 'kerberos'],
      ['CONTRACTS_PORT', '70000'],
      ['INVOICING_PORT', 'abc'],
      ['HTTP_BODY_LIMIT', 'huge'],
      ['API_KEYS', 'a key with spaces'],
      ['API_KEYS_FOR_READS', 'maybe'],
      ['BUSINESS_TIMEZONE', 'Mars/Olympus_Mons'],
      ['ROLE_CAPACITY_HOURS_PER_DAY', '0'],
      ['ROLE_CAPACITY_HOURS_PER_DAY', '25'],
      ['PROCESS_RUN_LEASE_MS', '999'],
      ['PROCESS_RUN_LEASE_MS', '1500.5'],
      ['PROCESS_RUN_LEASE_MS', '600001'],
      ['OUTBOX_PARKED_RETRY_MS', '999'],
      ['OUTBOX_PARKED_RETRY_MS', 'soon'],
      ['PROCESS_RUN_PROJECTION_WAIT_MS', '-1'],
      ['PROCESS_RUN_PROJECTION_WAIT_MS', '2.5'],
      ['PROCESS_RUN_PROJECTION_WAIT_MS', '600001'],
    ])('refuses %s=%p and names the variable', (name, value) => {
      const error = problemsOf({ [name]: value });
      expect(error.problems.map((p) => p.variable)).toEqual([name]);
      expect(error.message).toContain(name);
    });

    it('names every bad variable at once', () => {
      const error = problemsOf({ CONTRACTS_PORT: 'x', BUSINESS_TIMEZONE: 'Nowhere/Town' });
      expect(error.problems.map((p) => p.variable).sort()).toEqual(['BUSINESS_TIMEZONE', 'CONTRACTS_PORT']);
    });

    it('echoes the bad value of an ordinary variable', () => {
      expect(problemsOf({ CONTRACTS_PORT: 'abc' }).message).toContain('"abc"');
    });

    it('never echoes a secret', () => {
      const error = problemsOf({ DATABASE_URL: 'mysql://user:hunter2@db/x', API_KEYS: 'sec ret' });
      expect(error.message).not.toContain('hunter2');
      expect(error.message).not.toContain('sec ret');
    });
  });

  describe('rules across variables', () => {
    it('refuses production without API keys', () => {
      expect(problemsOf({ NODE_ENV: 'production' }).problems).toEqual([
        expect.objectContaining({ variable: 'API_KEYS' }),
      ]);
    });

    it('allows production with API keys', () => {
      expect(loadConfig('contracts', { NODE_ENV: 'production', API_KEYS: 'k1' }).nodeEnv).toBe('production');
    });

    it('refuses keyed reads without keys', () => {
      expect(problemsOf({ API_KEYS_FOR_READS: 'true' }).problems[0].variable).toBe('API_KEYS');
    });

    it('requires SASL credentials with a mechanism', () => {
      const variables = problemsOf({ KAFKA_SASL_MECHANISM: 'plain' }).problems.map((p) => p.variable);
      expect(variables).toEqual(['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']);
    });

    it('requires a mechanism with SASL credentials', () => {
      expect(problemsOf({ KAFKA_SASL_USERNAME: 'u' }).problems[0].variable).toBe('KAFKA_SASL_MECHANISM');
    });
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig('contracts', { PATH: '/usr/bin', HOME: '' })).not.toThrow();
  });
});
