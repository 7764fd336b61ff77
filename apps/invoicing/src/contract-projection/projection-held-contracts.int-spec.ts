import { aContract, contractEventEnvelopes, waitFor } from '@app/testing';
import request from 'supertest';
import { HELD_CONTRACTS_LISTED } from './contract-projection.service';
import { waitForVersion } from '../../test/projection-test-kit';
import { ProjectionHarness, startProjectionHarness } from '../../test/projection-harness';

interface HeldContractBody {
  contractId: string;
  reason: string;
  projectedVersion: number;
  heldEvents: number;
  firstHeldVersion: number | null;
  heldSince: string;
  refusal: { streamVersion: number; eventType: string; code: string; eventId: string } | null;
}

interface ProjectionBody {
  heldEvents: number;
  heldContracts: HeldContractBody[];
  heldContractsTotal: number;
}

/** `GET /projection` names every contract the projection holds and why (docs/adr/0005). */
describe('held contracts on GET /projection and in /metrics (real PostgreSQL and Kafka)', () => {
  let sut: ProjectionHarness;

  beforeAll(async () => {
    sut = await startProjectionHarness();
  });

  afterAll(async () => {
    await sut?.close();
  });

  const status = async (): Promise<ProjectionBody> =>
    (await request(sut.app.app.getHttpServer()).get('/projection').expect(200)).body as ProjectionBody;

  const heldEntry = (contractId: string) =>
    waitFor(async () => (await status()).heldContracts.find((c) => c.contractId === contractId), {
      timeoutMs: 30_000,
      description: `contract ${contractId} listed as held`,
    });

  it('lists a contract held by a refused event: a line id another contract holds', async () => {
    const owner = aContract();
    const ownerLine = owner.timeAndMaterialLine();
    await sut.publisher.publish(contractEventEnvelopes([owner.created(), ownerLine.added()]));
    await waitForVersion(sut.dataSource, owner.contractId, 2);
    const contract = aContract();
    const line = contract.timeAndMaterialLine({ contractLineId: ownerLine.contractLineId });
    const envelopes = contractEventEnvelopes([
      contract.created(),
      line.added(),
      line.transaction().recorded(),
      line.transaction().recorded(),
    ]);

    await sut.publisher.publish(envelopes);

    const held = await waitFor(
      async () => {
        const entry = await heldEntry(contract.contractId);
        return entry.heldEvents === 2 ? entry : undefined;
      },
      { timeoutMs: 30_000, description: 'both transactions held' },
    );
    expect(held).toEqual({
      contractId: contract.contractId,
      reason: 'Refused',
      projectedVersion: 1,
      heldEvents: 2,
      firstHeldVersion: 3,
      heldSince: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      refusal: {
        streamVersion: 2,
        eventId: envelopes[1].eventId,
        eventType: 'ContractLineAdded',
        code: 'DUPLICATE_CONTRACT_LINE',
        message: expect.any(String),
      },
    });
    expect((await status()).heldEvents).toBeGreaterThanOrEqual(2);
  });

  it('lists a contract held by an event the projection itself refuses: a transaction on no line', async () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    const envelopes = contractEventEnvelopes([
      contract.created(),
      line.transaction().recorded(),
      line.added(),
    ]);

    await sut.publisher.publish(envelopes);

    const held = await waitFor(
      async () => {
        const entry = await heldEntry(contract.contractId);
        return entry.heldEvents === 1 ? entry : undefined;
      },
      { timeoutMs: 30_000, description: 'the line held' },
    );
    expect(held).toMatchObject({
      reason: 'Refused',
      projectedVersion: 1,
      firstHeldVersion: 3,
      refusal: { streamVersion: 2, eventType: 'TransactionRecorded', code: 'UNKNOWN_CONTRACT_LINE' },
    });
  });

  it('lists a contract held behind a missing version, and drops it once the version arrives', async () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    const envelopes = contractEventEnvelopes([
      contract.created(),
      line.added(),
      line.transaction().recorded(),
      line.transaction().recorded(),
    ]);

    await sut.publisher.publish([envelopes[0], envelopes[2], envelopes[3]]);

    const held = await waitFor(
      async () => {
        const entry = await heldEntry(contract.contractId);
        return entry.heldEvents === 2 ? entry : undefined;
      },
      { timeoutMs: 30_000, description: 'both transactions held' },
    );
    expect(held).toMatchObject({
      reason: 'Gap',
      projectedVersion: 1,
      heldEvents: 2,
      firstHeldVersion: 3,
      refusal: null,
    });

    await sut.publisher.publish([envelopes[1]]);
    await waitForVersion(sut.dataSource, contract.contractId, 4);
    expect((await status()).heldContracts.map((c) => c.contractId)).not.toContain(contract.contractId);
  });

  it('counts held contracts by reason in invoicing_projection_held_contracts', async () => {
    const contract = aContract();
    const [, added] = contractEventEnvelopes([contract.created(), contract.timeAndMaterialLine().added()]);
    await sut.publisher.publish([added]);
    await heldEntry(contract.contractId);
    const { heldContracts } = await status();
    const expected = (reason: string) => heldContracts.filter((c) => c.reason === reason).length;

    // The gauge is refreshed by the projection's poll (every few seconds).
    await waitFor(
      async () => {
        const { text } = await request(sut.app.app.getHttpServer()).get('/metrics').expect(200);
        const sample = (reason: string) =>
          new RegExp(
            `^invoicing_projection_held_contracts\\{reason="${reason}"[^}]*\\} ${expected(reason)}$`,
            'm',
          );
        return sample('Gap').test(text) && sample('Refused').test(text);
      },
      { timeoutMs: 30_000, description: 'the held-contracts gauge' },
    );
  });

  it(`lists at most ${HELD_CONTRACTS_LISTED} held contracts, with the total`, async () => {
    const before = (await status()).heldContractsTotal;
    const contracts = Array.from({ length: HELD_CONTRACTS_LISTED + 1 }, () => aContract());
    await sut.publisher.publish(
      contracts.map((contract) => {
        const [, added] = contractEventEnvelopes([
          contract.created(),
          contract.timeAndMaterialLine().added(),
        ]);
        return added;
      }),
    );

    const answer = await waitFor(
      async () => {
        const body = await status();
        return body.heldContractsTotal >= before + contracts.length ? body : undefined;
      },
      { timeoutMs: 30_000, description: 'every contract held' },
    );
    expect(answer.heldContractsTotal).toBe(before + contracts.length);
    expect(answer.heldContracts).toHaveLength(HELD_CONTRACTS_LISTED);
    // Longest held first.
    const since = answer.heldContracts.map((c) => c.heldSince);
    expect([...since].sort()).toEqual(since);
  });
});
