import { randomUUID } from 'node:crypto';
import { runInTransaction } from '@app/event-store';
import { consumeAll, ServiceApp, TopicPublisher, waitFor } from '@app/testing';
import { DataSource } from 'typeorm';
import { ContractCommandHandler } from '../src/contract/command-handler';
import { contractCommands } from '../src/contract/contract-commands';
import { ContractRuleViolationError } from '../src/contract/contract.errors';
import { TakenIds1795492400000 } from '../src/migrations/1795492400000-taken-ids.migration';
import {
  aContract,
  aContractWithLines,
  aMilestone,
  api,
  aTimeAndMaterialLine,
  aTransaction,
  startContractsApp,
} from './contracts-test-app';

/**
 * Line, milestone and transaction ids name one thing across all contracts (ADR 0008, "Global
 * ids"): a create under an id another contract holds is refused with 409 `ID_TAKEN`, also when
 * the two creates race.
 */
describe('global ids (real PostgreSQL and Kafka)', () => {
  let sut: ServiceApp;
  let upstream: TopicPublisher;

  beforeAll(async () => {
    sut = await startContractsApp();
    upstream = new TopicPublisher(sut.config.kafka.topics.contractCommands);
    await upstream.connect();
  });

  afterAll(async () => {
    await upstream?.disconnect();
    await sut?.close();
  });

  const aNewContract = async (): Promise<string> => {
    const contract = aContract();
    await api(sut).post('/contracts').send(contract).expect(201);
    return contract.contractId;
  };

  const expectIdTaken = (body: Record<string, unknown>, field: string, id: string) => {
    expect(body).toMatchObject({ statusCode: 409, code: 'ID_TAKEN', details: { field } });
    expect(body.message).toContain(id);
  };

  describe('over REST', () => {
    it('refuses a line id another contract holds, and still answers that contract’s repeat with 200', async () => {
      const [holder, other] = [await aNewContract(), await aNewContract()];
      const line = aTimeAndMaterialLine();
      await api(sut).post(`/contracts/${holder}/lines`).send(line).expect(201);

      const refused = await api(sut).post(`/contracts/${other}/lines`).send(line).expect(409);

      expectIdTaken(refused.body, 'contractLineId', line.contractLineId);
      await api(sut).post(`/contracts/${holder}/lines`).send(line).expect(200);
      const view = await api(sut).get(`/contracts/${other}`).expect(200);
      expect(view.body).toMatchObject({ version: 1, lines: [] });
    });

    it('refuses a milestone id another contract holds', async () => {
      const holder = await aContractWithLines(sut);
      const other = await aContractWithLines(sut);
      const milestone = aMilestone();
      await api(sut)
        .post(`/contracts/${holder.contractId}/lines/${holder.fixedPriceLineId}/milestones`)
        .send(milestone)
        .expect(201);

      const refused = await api(sut)
        .post(`/contracts/${other.contractId}/lines/${other.fixedPriceLineId}/milestones`)
        .send(milestone)
        .expect(409);

      expectIdTaken(refused.body, 'milestoneId', milestone.milestoneId);
    });

    it('refuses a transaction id another contract holds, alone and in a batch naming the item', async () => {
      const holder = await aContractWithLines(sut);
      const other = await aContractWithLines(sut);
      const transaction = aTransaction();
      await api(sut)
        .post(`/contracts/${holder.contractId}/lines/${holder.timeAndMaterialLineId}/transactions`)
        .send(transaction)
        .expect(201);

      const alone = await api(sut)
        .post(`/contracts/${other.contractId}/lines/${other.timeAndMaterialLineId}/transactions`)
        .send(transaction)
        .expect(409);
      const batch = await api(sut)
        .post(`/contracts/${other.contractId}/transactions/batch`)
        .send({
          transactions: [
            aTransaction({ contractLineId: other.timeAndMaterialLineId }),
            { ...transaction, contractLineId: other.timeAndMaterialLineId },
          ],
        })
        .expect(409);

      expectIdTaken(alone.body, 'transactionId', transaction.transactionId);
      expect(batch.body).toMatchObject({
        code: 'ID_TAKEN',
        details: { errors: [{ index: 1, field: 'transactions[1].transactionId', code: 'ID_TAKEN' }] },
      });
      const view = await api(sut).get(`/contracts/${other.contractId}`).expect(200);
      expect(view.body.version).toBe(3);
    });
  });

  describe('under races between contracts', () => {
    const CONTENDERS = 16;

    it('gives one line id to exactly one of many concurrent creates, over REST', async () => {
      const contracts = await Promise.all(Array.from({ length: CONTENDERS }, aNewContract));
      const line = aTimeAndMaterialLine();

      const responses = await Promise.all(
        contracts.map((contractId) => api(sut).post(`/contracts/${contractId}/lines`).send(line)),
      );

      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, ...Array<number>(CONTENDERS - 1).fill(409)]);
      for (const response of responses.filter((r) => r.status === 409))
        expectIdTaken(response.body, 'contractLineId', line.contractLineId);
    });

    it('gives one line id to exactly one of many concurrent database transactions', async () => {
      const handler = sut.app.get(ContractCommandHandler);
      const dataSource = sut.app.get(DataSource);
      const contracts = await Promise.all(Array.from({ length: CONTENDERS }, aNewContract));
      const lineId = randomUUID();

      // Each in a transaction of its own, as two replicas or a REST write and a command batch are.
      const results = await Promise.allSettled(
        contracts.map((contractId) =>
          runInTransaction(dataSource, (runner) =>
            handler.handleIn(
              runner,
              contractCommands.addLine(contractId, lineId, {
                name: 'Hours',
                billingMethod: 'TimeAndMaterial',
              }),
            ),
          ),
        ),
      );

      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(CONTENDERS - 1);
      for (const reason of lost) {
        expect(reason).toBeInstanceOf(ContractRuleViolationError);
        expect((reason as ContractRuleViolationError).violation).toMatchObject({
          code: 'ID_TAKEN',
          field: 'contractLineId',
        });
      }
      const holders: { contractId: string }[] = await dataSource.query(
        `SELECT stream_id AS "contractId" FROM contracts.events
         WHERE event_type = 'ContractLineAdded' AND data->>'contractLineId' = $1`,
        [lineId],
      );
      expect(holders).toHaveLength(1);
    });

    it('gives one transaction id to exactly one of many concurrent batches', async () => {
      const contracts = await Promise.all(Array.from({ length: CONTENDERS }, () => aContractWithLines(sut)));
      const transactionId = randomUUID();

      const responses = await Promise.all(
        contracts.map(({ contractId, timeAndMaterialLineId }) =>
          api(sut)
            .post(`/contracts/${contractId}/transactions/batch`)
            .send({
              transactions: [
                aTransaction({ contractLineId: timeAndMaterialLineId }),
                aTransaction({ contractLineId: timeAndMaterialLineId, transactionId }),
              ],
            }),
        ),
      );

      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, ...Array<number>(CONTENDERS - 1).fill(409)]);
      for (const response of responses.filter((r) => r.status === 409))
        expect(response.body.details.errors).toEqual([
          expect.objectContaining({ field: 'transactions[1].transactionId', code: 'ID_TAKEN' }),
        ]);
    });
  });

  describe('on the command topic', () => {
    it('dead-letters a command whose id another contract holds, and applies the rest', async () => {
      const holder = await aContractWithLines(sut);
      const contractId = randomUUID();
      const command = (commandType: string, data: Record<string, unknown>) => ({
        commandId: randomUUID(),
        commandType,
        data,
      });
      const newLine = randomUUID();
      await upstream.publish(
        contractId,
        command('CreateContract', { contractId, name: 'Support', customerId: randomUUID(), currency: 'EUR' }),
        command('AddContractLine', {
          contractId,
          contractLineId: holder.timeAndMaterialLineId,
          name: 'Hours',
          billingMethod: 'TimeAndMaterial',
        }),
        command('AddContractLine', {
          contractId,
          contractLineId: newLine,
          name: 'Hours',
          billingMethod: 'TimeAndMaterial',
        }),
      );

      const letters = await consumeAll<unknown>(sut.config.kafka.topics.contractCommandsDlq, {
        until: (messages) => messages.some((m) => m.key === contractId),
      }).then((messages) => messages.filter((m) => m.key === contractId));
      expect(letters).toHaveLength(1);
      expect(letters[0].headers['error-code']).toBe('ID_TAKEN');
      expect(letters[0].headers['error-message']).toContain('data.contractLineId');
      expect(letters[0].headers['error-message']).toContain(holder.timeAndMaterialLineId);
      const view = await waitFor(
        async () => {
          const response = await api(sut).get(`/contracts/${contractId}`);
          return response.status === 200 && response.body.version >= 2 ? response.body : undefined;
        },
        { description: `contract ${contractId} at version 2`, timeoutMs: 20_000 },
      );
      expect(view.lines.map((line: { contractLineId: string }) => line.contractLineId)).toEqual([newLine]);
    });
  });

  describe('the migration', () => {
    it('gives every id already in the event store to the contract that recorded it first', async () => {
      const dataSource = sut.app.get(DataSource);
      const [first, second] = [await aContractWithLines(sut), await aContractWithLines(sut)];
      const line = aTimeAndMaterialLine();
      await api(sut).post(`/contracts/${first.contractId}/lines`).send(line).expect(201);
      // An id recorded by two contracts before ids were global.
      await dataSource.query(`DELETE FROM contracts.taken_ids WHERE id = $1`, [line.contractLineId]);
      await api(sut).post(`/contracts/${second.contractId}/lines`).send(line).expect(201);
      await dataSource.query('DROP TABLE contracts.taken_ids');

      const runner = dataSource.createQueryRunner();
      try {
        await runner.query('SET search_path TO contracts');
        await new TakenIds1795492400000().up(runner);
      } finally {
        await runner.release();
      }

      const [{ missing }]: { missing: number }[] = await dataSource.query(
        `SELECT count(*)::int AS missing FROM contracts.events e
         WHERE e.event_type IN ('ContractLineAdded', 'MilestoneAdded', 'TransactionRecorded')
           AND NOT EXISTS (SELECT 1 FROM contracts.taken_ids t
             WHERE t.id = coalesce(e.data->>'transactionId', e.data->>'milestoneId', e.data->>'contractLineId'))`,
      );
      expect(missing).toBe(0);
      const holders: { contractId: string }[] = await dataSource.query(
        `SELECT contract_id AS "contractId" FROM contracts.taken_ids WHERE kind = 'ContractLine' AND id = $1`,
        [line.contractLineId],
      );
      expect(holders).toEqual([{ contractId: first.contractId }]);
      await api(sut).post(`/contracts/${second.contractId}/lines`).send(line).expect(200);
      const third = await aNewContract();
      await api(sut).post(`/contracts/${third}/lines`).send(line).expect(409);
    });
  });
});
