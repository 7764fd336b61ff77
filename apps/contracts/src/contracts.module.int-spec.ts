import { createServer } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { ServiceApp, startServiceApp, testKafka } from '@app/testing';
import { CONTRACTS_TOPICS, ContractsModule } from './contracts.module';

/** A port nothing listens on: bound once by the OS, then released. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('contracts service shell (real PostgreSQL and Kafka)', () => {
  let sut: ServiceApp;

  beforeAll(async () => {
    sut = await startServiceApp(ContractsModule, 'contracts', { env: { KAFKA_TOPIC_PARTITIONS: '3' } });
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('is live', async () => {
    await request(sut.app.getHttpServer())
      .get('/health/live')
      .expect(200, { status: 'ok', info: {}, error: {}, details: {} });
  });

  it('is ready when PostgreSQL and Kafka answer', async () => {
    const response = await request(sut.app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, kafka: { status: 'up' } },
    });
  });

  it('ran its migrations into its own schema', async () => {
    const rows = await query<{ name: string }>(sut.database.url, 'SELECT name FROM contracts.migrations');
    expect(rows.map((r) => r.name)).toContain('CreateContractsSchema1795491284250');
  });

  it('names its connections after the service', async () => {
    const rows = await query<{ name: string }>(
      sut.database.url,
      'SELECT DISTINCT application_name AS name FROM pg_stat_activity WHERE datname = current_database()',
    );
    expect(rows.map((r) => r.name)).toContain('contracts');
  });

  it('created its topics at start, prefixed and with the configured partitions', async () => {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const names = CONTRACTS_TOPICS.map((key) => sut.config.kafka.topics[key]);
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      expect(topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual(
        names.map((n) => [n, 3]).sort(),
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('serves Prometheus metrics, HTTP requests counted by route', async () => {
    await request(sut.app.getHttpServer()).get('/health/live').expect(200);
    const response = await request(sut.app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toContain('process_cpu_user_seconds_total{service="contracts"}');
    expect(response.text).toMatch(
      /http_requests_total\{method="GET",route="\/health\/live",status_code="200"/,
    );
  });

  it('serves its OpenAPI document with the API-key scheme', async () => {
    const response = await request(sut.app.getHttpServer()).get('/docs-json').expect(200);
    expect(response.body).toMatchObject({
      openapi: expect.stringMatching(/^3\./),
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    });
    expect(Object.keys(response.body.paths)).toContain('/health/ready');
    await request(sut.app.getHttpServer()).get('/docs').expect(200).expect('content-type', /html/);
  });

  // Bodies are read once a route (and its API-key guard) has taken the request: these go to a write.
  it('answers a malformed JSON body with 400, not 500', async () => {
    const response = await request(sut.app.getHttpServer())
      .post('/contracts')
      .set('content-type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/^Malformed JSON body: /),
    });
  });

  it('answers a body over the limit with 413', async () => {
    const response = await request(sut.app.getHttpServer())
      .post('/contracts')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) }))
      .expect(413);
    expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('accepts a body under the limit although it is above Express’s 100 kb default', async () => {
    // Parsed, then refused by validation for the field no contract has.
    const response = await request(sut.app.getHttpServer())
      .post('/contracts')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }))
      .expect(400);
    expect(JSON.stringify(response.body)).toContain('padding');
  });

  describe('when Kafka does not answer', () => {
    let offline: ServiceApp;

    beforeAll(async () => {
      offline = await startServiceApp(ContractsModule, 'contracts', {
        env: { KAFKA_BROKERS: `127.0.0.1:${await deadPort()}` },
        logger: false,
      });
    });

    afterAll(async () => {
      await offline?.close();
    });

    it('still starts and stays live', async () => {
      await request(offline.app.getHttpServer()).get('/health/live').expect(200);
    });

    it('is not ready, and says Kafka is why', async () => {
      const response = await request(offline.app.getHttpServer()).get('/health/ready').expect(503);
      expect(response.body).toMatchObject({
        status: 'error',
        info: { database: { status: 'up' } },
        error: { kafka: { status: 'down' } },
      });
    });
  });

  it("serves its AsyncAPI document, its topics named with the environment's prefix", async () => {
    const response = await request(sut.app.getHttpServer()).get('/asyncapi.json').expect(200);
    expect(response.body.asyncapi).toMatch(/^3\./);
    expect(response.body.channels.contractEvents.address).toBe(sut.config.kafka.topics.contractEvents);
    expect(response.body.operations.receiveContractCommands.action).toBe('receive');
    expect(Object.keys(response.body.components.messages)).toContain('RecordTransaction');
  });
});
