import { IdempotencyGuard } from '../src';
import { createEventStoreDatabase, EventStoreDatabase } from './event-store-database';
import { randomUUID } from 'node:crypto';

describe('IdempotencyGuard', () => {
  let database: EventStoreDatabase;
  const sut = new IdempotencyGuard('invoicing');

  beforeAll(async () => {
    database = await createEventStoreDatabase('invoicing');
  });

  afterAll(async () => {
    await database?.close();
  });

  it('lets a message through once per consumer', async () => {
    const messageId = randomUUID();
    const first = await database.dataSource.transaction((m) =>
      sut.tryMarkProcessed('projection', messageId, m),
    );
    const again = await database.dataSource.transaction((m) =>
      sut.tryMarkProcessed('projection', messageId, m),
    );
    const otherConsumer = await database.dataSource.transaction((m) =>
      sut.tryMarkProcessed('audit', messageId, m),
    );
    expect([first, again, otherConsumer]).toEqual([true, false, true]);
  });

  it('forgets the mark when the transaction with the message effects rolls back', async () => {
    const messageId = randomUUID();
    const failing = database.dataSource.transaction(async (manager) => {
      await sut.tryMarkProcessed('projection', messageId, manager);
      throw new Error('effect failed');
    });
    await expect(failing).rejects.toThrow('effect failed');
    expect(
      await database.dataSource.transaction((m) => sut.tryMarkProcessed('projection', messageId, m)),
    ).toBe(true);
  });

  it('lets only one of two concurrent transactions handle the same message', async () => {
    const messageId = randomUUID();
    const first = database.dataSource.createQueryRunner();
    const second = database.dataSource.createQueryRunner();
    try {
      await Promise.all([first.startTransaction(), second.startTransaction()]);
      expect(await sut.tryMarkProcessed('commands', messageId, first)).toBe(true);
      const secondAttempt = sut.tryMarkProcessed('commands', messageId, second);
      await first.commitTransaction();
      expect(await secondAttempt).toBe(false);
      await second.commitTransaction();
    } finally {
      await Promise.all([first.release(), second.release()]);
    }
  });

  it('marks a batch in one statement and returns only the ids not seen before', async () => {
    const [seen, fresh] = [randomUUID(), randomUUID()];
    await database.dataSource.transaction((m) => sut.tryMarkProcessed('projection', seen, m));
    const marked = await database.dataSource.transaction((m) =>
      sut.markProcessedMany('projection', [seen, fresh, fresh], m),
    );
    expect([...marked]).toEqual([fresh]);
  });

  it('refuses to record outside a transaction, where the mark could outlive a failed effect', async () => {
    await expect(
      sut.tryMarkProcessed('projection', randomUUID(), database.dataSource.manager),
    ).rejects.toThrow(/needs the transaction/);
  });
});
