import { Client } from 'pg';
import request from 'supertest';
import { ServiceApp, startServiceApp, testKafka } from '@app/testing';
import { INVOICING_TOPICS, InvoicingModule } from './invoicing.module';

describe('invoicing service shell (real PostgreSQL and Kafka)', () => {
  let sut: ServiceApp;

  beforeAll(async () => {
    sut = await startServiceApp(InvoicingModule, 'invoicing');
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('is live and ready', async () => {
    await request(sut.app.getHttpServer()).get('/health/live').expect(200);
    const response = await request(sut.app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, kafka: { status: 'up' } },
    });
  });

  it('ran its migrations into the invoicing schema, not the contracts one', async () => {
    const client = new Client({ connectionString: sut.database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        "SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name IN ('contracts', 'invoicing')",
      );
      expect(rows.map((r) => r.name)).toEqual(['invoicing']);
      const migrations = await client.query<{ name: string }>('SELECT name FROM invoicing.migrations');
      expect(migrations.rows.map((r) => r.name)).toContain('CreateInvoicingSchema1795491284250');
    } finally {
      await client.end();
    }
  });

  it('created its topics at start with the default six partitions', async () => {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const names = INVOICING_TOPICS.map((key) => sut.config.kafka.topics[key]);
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      expect(topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual(
        names.map((n) => [n, 6]).sort(),
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('serves Prometheus metrics labelled with the service', async () => {
    const response = await request(sut.app.getHttpServer()).get('/metrics').expect(200);
    expect(response.text).toContain('nodejs_heap_size_used_bytes{service="invoicing"}');
  });

  it('serves its OpenAPI document', async () => {
    const response = await request(sut.app.getHttpServer()).get('/docs-json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
  });

  it("serves its AsyncAPI document, its topics named with the environment's prefix", async () => {
    const response = await request(sut.app.getHttpServer()).get('/asyncapi.json').expect(200);
    expect(response.body.asyncapi).toMatch(/^3\./);
    expect(response.body.channels.invoices.address).toBe(sut.config.kafka.topics.invoices);
    expect(response.body.operations.receiveContractEvents.action).toBe('receive');
    expect(Object.keys(response.body.components.messages)).toContain('InvoiceDetailsAdded');
  });
});
