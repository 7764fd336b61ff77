import { aContract, contractEventEnvelopes, waitFor } from '@app/testing';
import request from 'supertest';
import { holdProjectionBack } from '../../test/projection-test-kit';
import { ProjectionHarness, startProjectionHarness } from '../../test/projection-harness';

/** `invoicing_projection_lag_events` counts what the projection has not applied (docs/product.md 5.4). */
describe('the projection lag gauge (real PostgreSQL and Kafka)', () => {
  let sut: ProjectionHarness;

  beforeAll(async () => {
    sut = await startProjectionHarness();
  });

  afterAll(async () => {
    await sut?.close();
  });

  const lag = async (): Promise<number> => {
    const response = await request(sut.app.app.getHttpServer()).get('/metrics').expect(200);
    const sample = /^invoicing_projection_lag_events\{[^}]*\} (\S+)$/m.exec(response.text);
    if (!sample) throw new Error('no invoicing_projection_lag_events sample in /metrics');
    return Number(sample[1]);
  };

  it('counts the records published while the projection is held back, and falls to 0 once they are applied', async () => {
    await waitFor(async () => (await lag()) === 0, { timeoutMs: 30_000, description: 'no lag at the start' });
    const held = await holdProjectionBack(sut.app.config.database.url);
    try {
      const contract = aContract();
      const line = contract.timeAndMaterialLine();
      await sut.publisher.publish(
        contractEventEnvelopes([
          contract.created(),
          line.added(),
          ...Array.from({ length: 5 }, () => line.transaction().recorded()),
        ]),
      );

      await waitFor(async () => (await lag()) === 7, {
        timeoutMs: 30_000,
        description: 'a lag of 7 records',
      });
    } finally {
      await held.release();
    }

    await waitFor(async () => (await lag()) === 0, { timeoutMs: 30_000, description: 'the lag gone' });
  });
});
