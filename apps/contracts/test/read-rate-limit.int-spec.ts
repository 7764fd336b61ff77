import { randomUUID } from 'node:crypto';
import { ServiceApp } from '@app/testing';
import { api, startContractsApp } from './contracts-test-app';

/**
 * Reads without an API key are limited per client (READ_RATE_LIMIT_PER_MINUTE), so a flood of
 * anonymous GETs cannot take the database pool; keyed reads, health and metrics are not limited.
 */
describe('the read rate limit (real PostgreSQL and Kafka)', () => {
  const LIMIT = 5;
  let sut: ServiceApp;

  beforeAll(async () => {
    sut = await startContractsApp({ READ_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  });

  afterAll(async () => {
    await sut?.close();
  });

  it(`answers 429 with Retry-After to the anonymous read after the ${LIMIT}th of a minute, naming the limit`, async () => {
    const anonymous = api(sut, { anonymous: true });
    const path = `/contracts/${randomUUID()}`;
    for (let call = 0; call < LIMIT; call += 1) await anonymous.get(path).expect(404);

    const refused = await anonymous.get(path).expect(429);

    expect(refused.body).toMatchObject({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: expect.stringContaining(`${LIMIT} reads a minute`),
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('does not limit keyed reads, nor health and metrics', async () => {
    const keyed = api(sut);
    const anonymous = api(sut, { anonymous: true });
    for (let call = 0; call < LIMIT * 3; call += 1) {
      await keyed.get(`/contracts/${randomUUID()}`).expect(404);
      await anonymous.get('/health/live').expect(200);
      await anonymous.get('/metrics').expect(200);
    }
  });
});
