import { runInTransaction } from '@app/event-store';
import { formatInvoiceNumber, takeInvoiceNumbers, takeNextInvoiceNumber } from './invoice-number';
import { InvoicingDatabase, openInvoicingDatabase } from '../../test/invoicing-database';

describe('invoice numbers (real PostgreSQL)', () => {
  let db: InvoicingDatabase;

  beforeAll(async () => {
    db = await openInvoicingDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  const take = (count: number) =>
    runInTransaction(db.dataSource, (runner) => takeInvoiceNumbers(runner, count));

  it('formats six digits at least and never truncates a larger number', () => {
    expect(formatInvoiceNumber(1)).toBe('INV-000001');
    expect(formatInvoiceNumber(1234567n)).toBe('INV-1234567');
  });

  it('hands out consecutive numbers and gives back the ones of a rolled-back transaction', async () => {
    const first = await take(2);
    await expect(
      runInTransaction(db.dataSource, async (runner) => {
        await takeNextInvoiceNumber(runner);
        throw new Error('the invoice could not be stored');
      }),
    ).rejects.toThrow('could not be stored');
    const next = await take(1);
    const numbers = [...first, ...next].map((n) => Number(n.slice(4)));
    expect(numbers).toEqual([numbers[0], numbers[0] + 1, numbers[0] + 2]);
  });

  it('gives racing transactions distinct numbers without gaps', async () => {
    const [before] = await take(1);
    const taken = (await Promise.all(Array.from({ length: 10 }, () => take(1)))).flat();
    const numbers = taken.map((n) => Number(n.slice(4))).sort((a, b) => a - b);
    const start = Number(before.slice(4)) + 1;
    expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => start + i));
  });

  it('refuses to take a number outside a transaction, where it could leave a gap', async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      await expect(takeNextInvoiceNumber(runner)).rejects.toThrow('inside the transaction');
    } finally {
      await runner.release();
    }
  });
});
