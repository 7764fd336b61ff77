import { QueryRunner } from 'typeorm';

/**
 * Serializes everything that bills one contract (process runs on any replica, a run and its
 * take-over). Transaction-scoped: released at commit or rollback, never leaked by a crash.
 */
export async function lockContractForBilling(runner: QueryRunner, contractId: string): Promise<void> {
  await runner.query(`SELECT pg_advisory_xact_lock(hashtext('invoicing.contract-billing'), hashtext($1))`, [
    contractId,
  ]);
}

/** Several contracts at once, in id order so two writers of overlapping batches cannot deadlock. */
export async function lockContractsForBilling(
  runner: QueryRunner,
  contractIds: readonly string[],
): Promise<void> {
  await runner.query(
    `SELECT pg_advisory_xact_lock(hashtext('invoicing.contract-billing'), hashtext(id))
     FROM unnest($1::text[]) WITH ORDINALITY AS c (id, ord) ORDER BY ord`,
    [[...contractIds].sort()],
  );
}
