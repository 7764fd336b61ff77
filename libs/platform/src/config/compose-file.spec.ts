import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configVariablesOf, SERVICE_NAMES, ServiceName } from './config-variables';
import { loadConfig } from './platform-config';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

const root = join(__dirname, '../../../..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

const environmentOf = (name: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(compose.services[name].environment ?? {}).map(([k, v]) => [k, String(v)]),
  );

/** What the service would read once compose has substituted `${VAR:-}` with nothing. */
function resolvedEnvironment(name: ServiceName): Record<string, string> {
  const entries = Object.entries(environmentOf(name)).map(([key, value]) => {
    const fallback = /^\$\{[A-Z_]+:-(.*)\}$/.exec(value);
    return [key, fallback ? fallback[1] : value];
  });
  return Object.fromEntries(entries);
}

describe('docker-compose.yml', () => {
  it('runs Kafka, PostgreSQL and both services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['contracts', 'invoicing', 'kafka', 'postgres']);
  });

  it('uses the official Kafka image and PostgreSQL 15', () => {
    expect(compose.services.kafka.image).toBe('apache/kafka:3.9.1');
    expect(compose.services.postgres.image).toBe('postgres:15');
  });

  it.each(['kafka', 'postgres', 'contracts', 'invoicing'])('gives %s a health check', (name) => {
    expect(compose.services[name].healthcheck?.test.length).toBeGreaterThan(0);
  });

  describe('Kafka', () => {
    const env = environmentOf('kafka');

    it('runs as a single KRaft node that is broker and controller', () => {
      expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${env.KAFKA_NODE_ID}@kafka:9093`);
      expect(env.CLUSTER_ID).toBeTruthy();
    });

    it('keeps internal topics at one replica, or consumer groups and transactions hang', () => {
      expect(env).toMatchObject({
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      });
    });
  });

  describe.each(SERVICE_NAMES)('the %s service', (service) => {
    const definition = compose.services[service];
    const env = environmentOf(service);

    it('passes exactly the variables the service reads', () => {
      const expected = configVariablesOf(service).map((v) => v.name);
      expect(Object.keys(env).sort()).toEqual([...expected].sort());
    });

    it('passes an environment the service accepts', () => {
      expect(() => loadConfig(service, resolvedEnvironment(service))).not.toThrow();
    });

    it('reaches Kafka on the listener the broker advertises inside the network', () => {
      const config = loadConfig(service, resolvedEnvironment(service));
      const advertised = environmentOf('kafka')
        .KAFKA_ADVERTISED_LISTENERS.split(',')
        .map((l) => l.split('//')[1]);
      config.kafka.brokers.forEach((broker) => expect(advertised).toContain(broker));
    });

    it('reaches the compose PostgreSQL with its credentials and database', () => {
      const url = new URL(loadConfig(service, resolvedEnvironment(service)).database.url);
      const pg = environmentOf('postgres');
      expect([url.hostname, url.port, url.username, url.password, url.pathname]).toEqual([
        'postgres',
        '5432',
        pg.POSTGRES_USER,
        pg.POSTGRES_PASSWORD,
        `/${pg.POSTGRES_DB}`,
      ]);
    });

    it('publishes and health-checks the port it listens on', () => {
      const { port } = loadConfig(service, resolvedEnvironment(service)).http;
      expect(definition.ports).toEqual([`${port}:${port}`]);
      expect(definition.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/health/ready`);
    });

    it('starts the bundle the build produces', () => {
      expect(definition.command).toEqual(['node', `dist/apps/${service}/main.js`]);
    });

    it('waits for healthy Kafka and PostgreSQL', () => {
      expect(definition.depends_on).toMatchObject({
        kafka: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
      });
    });

    it('is built from the one Dockerfile, under the shared image tag', () => {
      expect(definition.build).toBe('.');
      expect(definition.image).toBe(compose.services.contracts.image);
    });
  });
});

describe('Dockerfile', () => {
  it('builds in one stage and runs production dependencies and the bundles in another', () => {
    expect(dockerfile).toMatch(/FROM .+ AS build/);
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/FROM .+ AS runtime[\s\S]*COPY --from=build .*\/app\/dist/);
  });

  it('runs without root', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
