import { QueryRunner } from 'typeorm';
import { queryRows } from '../database';

/** The sequence row every invoice number of the service comes from (seeded by the read-model migration). */
export const INVOICE_NUMBER_SEQUENCE = 'invoice';

/** `INV-000001`: six digits at least, more once the numbers outgrow them (never truncated). */
export function formatInvoiceNumber(value: bigint | number): string {
  return `INV-${String(value).padStart(6, '0')}`;
}

/**
 * Takes the next `count` invoice numbers inside the caller's open transaction. The UPDATE locks
 * the sequence row until that transaction ends, so numbers are handed out in commit order and a
 * rolled-back transaction hands its numbers back: no gaps, no duplicates (docs/product.md 3.8). Take them as
 * late as possible in the transaction, since every other writer of an invoice waits on this row.
 */
export async function takeInvoiceNumbers(runner: QueryRunner, count: number): Promise<string[]> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`cannot take ${count} invoice numbers`);
  if (count === 0) return [];
  if (!runner.isTransactionActive) {
    throw new Error('invoice numbers are taken inside the transaction that stores the invoices');
  }
  const records = await queryRows<{ last_value: string }>(
    runner,
    `UPDATE invoicing.invoice_number_sequences SET last_value = last_value + $2
     WHERE name = $1 RETURNING last_value::text AS last_value`,
    [INVOICE_NUMBER_SEQUENCE, count],
  );
  if (records.length !== 1)
    throw new Error(`invoice number sequence '${INVOICE_NUMBER_SEQUENCE}' is missing`);
  const last = BigInt(records[0].last_value);
  return Array.from({ length: count }, (_, index) => formatInvoiceNumber(last - BigInt(count - 1 - index)));
}

/** The next invoice number, inside the caller's open transaction (see {@link takeInvoiceNumbers}). */
export async function takeNextInvoiceNumber(runner: QueryRunner): Promise<string> {
  const [number] = await takeInvoiceNumbers(runner, 1);
  return number;
}
