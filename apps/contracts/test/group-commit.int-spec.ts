import { randomUUID } from 'node:crypto';
import { ServiceApp } from '@app/testing';
import { DataSource } from 'typeorm';
import { ContractCommandHandler, HandledCommand } from '../src/contract/command-handler';
import { contractCommands } from '../src/contract/contract-commands';
import { ContractRuleViolationError, VersionMismatchError } from '../src/contract/contract.errors';
import { RecordTransaction } from '../src/contract/domain';
import {
  aContractWithLines,
  api,
  aTransaction,
  ContractWithLines,
  startContractsApp,
} from './contracts-test-app';

interface StoredEvent {
  readonly version: number;
  readonly transactionId: string | null;
  /** The database transaction that appended the event: one per group. */
  readonly writtenBy: string;
  readonly correlationId: string | null;
}

/**
 * Single REST writes that arrive while a transaction runs are committed together (ADR 0009). The
 * handler's first command on an idle service is flushed alone; commands handed over in the same
 * tick right after it wait for that flush and form the next group, which is how these tests put
 * commands into one group.
 */
describe('single REST writes committed in groups (real PostgreSQL)', () => {
  let sut: ServiceApp;
  let handler: ContractCommandHandler;
  let database: DataSource;

  beforeAll(async () => {
    sut = await startContractsApp();
    handler = sut.app.get(ContractCommandHandler);
    database = sut.app.get(DataSource);
  });

  afterAll(async () => {
    await sut?.close();
  });

  const eventsOf = (contractId: string): Promise<StoredEvent[]> =>
    database.query(
      `SELECT stream_version AS version, data->>'transactionId' AS "transactionId",
         transaction_id::text AS "writtenBy", metadata->>'correlationId' AS "correlationId"
       FROM contracts.events WHERE stream_id = $1 ORDER BY stream_version`,
      [contractId],
    );

  const record = (contract: ContractWithLines, overrides: object = {}): RecordTransaction =>
    contractCommands.recordTransaction(contract.contractId, contract.timeAndMaterialLineId, randomUUID(), {
      ...aTransaction(),
      ...overrides,
    } as Parameters<typeof contractCommands.recordTransaction>[3]);

  /** Hands over a command that takes the idle committer, then `commands` as one group behind it. */
  async function inOneGroup(
    commands: readonly { command: RecordTransaction; expectedVersion?: number; correlationId?: string }[],
  ): Promise<PromiseSettledResult<HandledCommand>[]> {
    const pacer = record(await aContractWithLines(sut));
    const answers = [pacer, ...commands].map((entry) =>
      'type' in entry
        ? handler.handle(entry)
        : handler.handle(entry.command, {
            expectedVersion: entry.expectedVersion,
            metadata: { correlationId: entry.correlationId ?? randomUUID() },
          }),
    );
    return (await Promise.allSettled(answers)).slice(1);
  }

  const valueOf = (result: PromiseSettledResult<HandledCommand>): HandledCommand => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  };

  it('stores every one of many concurrent single writes once, gapless, and answers each its own version', async () => {
    const contracts = await Promise.all([1, 2, 3].map(() => aContractWithLines(sut)));
    const writes = Array.from({ length: 60 }, (_, i) => {
      const contract = contracts[i % 4 === 3 ? 1 + (i % 2) : 0];
      return { contract, transaction: aTransaction() };
    });

    const responses = await Promise.all(
      writes.map(({ contract, transaction }) =>
        api(sut)
          .post(`/contracts/${contract.contractId}/lines/${contract.timeAndMaterialLineId}/transactions`)
          .send(transaction),
      ),
    );

    const writtenBy = new Set<string>();
    for (const contract of contracts) {
      const events = await eventsOf(contract.contractId);
      const mine = writes.filter((write) => write.contract === contract);
      expect(events.map((event) => event.version)).toEqual(
        Array.from({ length: 3 + mine.length }, (_, i) => i + 1),
      );
      const recorded = events.slice(3);
      expect(new Set(recorded.map((event) => event.transactionId))).toEqual(
        new Set(mine.map((write) => write.transaction.transactionId)),
      );
      recorded.forEach((event) => writtenBy.add(event.writtenBy));
      // Each answer names the version at which its own transaction was appended.
      const versionOf = new Map(recorded.map((event) => [event.transactionId, event.version]));
      responses.forEach((response, i) => {
        if (writes[i].contract !== contract) return;
        expect(response.status).toBe(201);
        expect(response.body.version).toBe(versionOf.get(writes[i].transaction.transactionId));
        expect(response.headers.etag).toBe(`"${response.body.version}"`);
      });
    }
    // Fewer database transactions than writes: they were grouped.
    expect(writtenBy.size).toBeLessThan(writes.length);
    // Each answer (built from its event) is the transaction as the view reads it back.
    const listed = await api(sut)
      .get(`/contracts/${contracts[0].contractId}/transactions?limit=100`)
      .expect(200);
    const answered = responses
      .filter((_, i) => writes[i].contract === contracts[0])
      .map(({ body: { contractId: _id, version: _version, ...transaction } }) => transaction);
    expect(new Set(listed.body.transactions)).toEqual(new Set(answered));
  });

  it('applies the rest of a group when one of its commands is refused, and answers that one alone', async () => {
    const contract = await aContractWithLines(sut);
    const refused = contractCommands.recordTransaction(
      contract.contractId,
      contract.fixedPriceLineId,
      randomUUID(),
      aTransaction() as Parameters<typeof contractCommands.recordTransaction>[3],
    );
    const [before, after] = [record(contract), record(contract)];

    const [first, second, third] = await inOneGroup([
      { command: before, correlationId: 'before' },
      { command: refused },
      { command: after, correlationId: 'after' },
    ]);

    expect(valueOf(first).version).toBe(4);
    expect(second).toMatchObject({ status: 'rejected', reason: expect.any(ContractRuleViolationError) });
    expect((second as PromiseRejectedResult).reason.violation.code).toBe('TRANSACTION_ON_FIXED_PRICE_LINE');
    expect(valueOf(third).version).toBe(5);
    const events = (await eventsOf(contract.contractId)).slice(3);
    expect(events.map((event) => [event.version, event.transactionId, event.correlationId])).toEqual([
      [4, before.data.transactionId, 'before'],
      [5, after.data.transactionId, 'after'],
    ]);
    expect(events[0].writtenBy).toBe(events[1].writtenBy);
  });

  it('checks If-Match in a group against the version each command sees there', async () => {
    const contract = await aContractWithLines(sut);

    const [first, stale, third] = await inOneGroup([
      { command: record(contract), expectedVersion: 3 },
      { command: record(contract), expectedVersion: 3 },
      { command: record(contract), expectedVersion: 4 },
    ]);

    expect(valueOf(first).version).toBe(4);
    expect(stale).toMatchObject({
      status: 'rejected',
      reason: expect.objectContaining({ expectedVersion: 3, actualVersion: 4 }),
    });
    expect((stale as PromiseRejectedResult).reason).toBeInstanceOf(VersionMismatchError);
    expect(valueOf(third).version).toBe(5);
    expect(await eventsOf(contract.contractId)).toHaveLength(5);
  });

  it('records a transaction id sent twice in one group once; the second write changes nothing', async () => {
    const contract = await aContractWithLines(sut);
    const command = record(contract);

    const [first, repeat] = await inOneGroup([{ command }, { command }]);

    expect(valueOf(first)).toMatchObject({ version: 4, events: [{ type: 'TransactionRecorded' }] });
    expect(valueOf(repeat)).toMatchObject({ version: 4, events: [] });
    const rows = await database.query(
      'SELECT count(*)::int AS count FROM contracts.contract_transactions WHERE contract_id = $1',
      [contract.contractId],
    );
    expect(rows).toEqual([{ count: 1 }]);
    expect(await eventsOf(contract.contractId)).toHaveLength(4);
  });

  describe('when the group’s transaction fails', () => {
    const POISON = 'fails-in-the-database';

    beforeAll(async () => {
      // A real database error on one command's row: the whole group's transaction fails with it.
      await database.query(`
        CREATE FUNCTION contracts.refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.description = '${POISON}' THEN RAISE EXCEPTION 'poisoned transaction %', NEW.transaction_id; END IF;
          RETURN NEW;
        END $$`);
      await database.query(`CREATE TRIGGER refuse_poison BEFORE INSERT ON contracts.contract_transactions
        FOR EACH ROW EXECUTE FUNCTION contracts.refuse_poison()`);
    });

    afterAll(async () => {
      await database.query('DROP TRIGGER refuse_poison ON contracts.contract_transactions');
      await database.query('DROP FUNCTION contracts.refuse_poison()');
    });

    it('handles each command alone: the failing one fails its own caller, the others are applied', async () => {
      const [one, other] = await Promise.all([aContractWithLines(sut), aContractWithLines(sut)]);
      const poisoned = record(one, { description: POISON });
      const [before, after] = [record(one), record(other)];

      const [first, failed, third] = await inOneGroup([
        { command: before },
        { command: poisoned },
        { command: after },
      ]);

      expect(valueOf(first).version).toBe(4);
      expect(failed).toMatchObject({ status: 'rejected' });
      expect(String((failed as PromiseRejectedResult).reason)).toContain('poisoned transaction');
      expect(valueOf(third).version).toBe(4);
      const [applied] = (await eventsOf(one.contractId)).slice(3);
      const [appliedElsewhere] = (await eventsOf(other.contractId)).slice(3);
      expect([applied.transactionId, appliedElsewhere.transactionId]).toEqual([
        before.data.transactionId,
        after.data.transactionId,
      ]);
      // Committed one by one after the group's transaction rolled back.
      expect(applied.writtenBy).not.toBe(appliedElsewhere.writtenBy);
    });
  });
});
