import { TransactionRecorded } from '@app/event-contracts';
import { Client } from 'pg';
import { IntakeContract, transactionBody } from '../data/intake.generator';
import { HttpClient, inParallel } from '../support/http-client';
import { pollUntil } from '../support/measure';

/**
 * A statement-level trigger on the projection's transactions table: one `pg_notify` per insert
 * statement (ids comma-separated, at most 150 per notification to stay under 8 kB). It runs in the
 * projection's own transaction, so a notification arrives exactly when the rows are committed.
 */
export async function installProjectedNotifier(client: Client): Promise<void> {
  await client.query(`
    CREATE FUNCTION public.bench_notify_projected() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('bench_projected', ids)
      FROM (SELECT string_agg(transaction_id, ',') AS ids
            FROM (SELECT transaction_id, (row_number() OVER ()) / 150 AS part FROM inserted) AS numbered
            GROUP BY part) AS parts;
      RETURN NULL;
    END $$`);
  await client.query(`
    CREATE TRIGGER bench_projected AFTER INSERT ON invoicing.transactions
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION public.bench_notify_projected()`);
}

/**
 * Creates the contracts written to and waits until the invoicing projection has them; then one
 * write per contract, so no contract's first transaction is in the sample.
 */
export async function createProjectedContracts(
  http: HttpClient,
  contracts: readonly IntakeContract[],
  invoicingDatabase: Client,
  warmUp: (contract: IntakeContract) => TransactionRecorded,
): Promise<void> {
  await inParallel(contracts, 8, async (c) => {
    await http.expectOk('POST', '/contracts', {
      contractId: c.contractId,
      name: `Contract ${c.contractId.slice(0, 8)}`,
      customerId: c.customerId,
      currency: 'EUR',
    });
    await http.expectOk('POST', `/contracts/${c.contractId}/lines`, {
      contractLineId: c.contractLineId,
      name: 'Consulting',
      billingMethod: 'TimeAndMaterial',
    });
  });
  await pollUntil(
    'the contracts to be projected',
    async () => {
      const { rows } = await invoicingDatabase.query(
        'SELECT count(*)::int AS n FROM invoicing.projected_lines',
      );
      return rows[0].n >= contracts.length ? true : undefined;
    },
    { intervalMs: 200, timeoutMs: 120_000 },
  );
  await inParallel(contracts, 8, async (c) => {
    const path = `/contracts/${c.contractId}/lines/${c.contractLineId}/transactions`;
    await http.expectOk('POST', path, transactionBody(warmUp(c)));
  });
}
