import { randomUUID } from 'node:crypto';
import { ContractsClient } from '../../support';
import { ProjectedRows } from './process-runs';

/**
 * Writes `count` contracts through the contracts REST API, `concurrency` at a time, each with one
 * T&M line scheduled on `runDate` and two transactions before its cut-off (one batch request).
 * Given several clients (replicas), each contract's writes go to them in turn, so one contract's
 * stream is appended to by every replica. Resolves the contract ids; a refused write rejects.
 */
export async function writeDueContracts(
  replicas: ContractsClient | readonly ContractsClient[],
  count: number,
  runDate: string,
  concurrency = 6,
): Promise<string[]> {
  const clients = Array.isArray(replicas) ? replicas : [replicas as ContractsClient];
  const via = (step: number) => clients[step % clients.length];
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const contractId = randomUUID();
      const contractLineId = randomUUID();
      await via(0).createContract({
        contractId,
        name: 'Replica test',
        customerId: randomUUID(),
        currency: 'EUR',
      });
      await via(1).addLine(contractId, {
        contractLineId,
        name: 'Consulting',
        billingMethod: 'TimeAndMaterial',
      });
      // Transactions before the schedule: a line becomes due with everything it bills already
      // projected, so a run that happens to come in between finds it not yet due, rather than due
      // with nothing to bill (which would mark its entry processed, docs/product.md 3.3).
      await via(2).recordTransactions(
        contractId,
        ['2', '3.5'].map((quantity) => ({
          contractLineId,
          transactionId: randomUUID(),
          transactionClass: 'Time' as const,
          transactionDate: '2025-01-06',
          quantity,
          unitPrice: '120.00',
        })),
      );
      await via(3).setInvoiceSchedule(contractId, contractLineId, { entries: [{ invoiceRunDate: runDate }] });
      ids.push(contractId);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

/** What the invoicing projection holds once it has read `count` contracts written by `writeDueContracts`. */
export function projectedRows(count: number): ProjectedRows {
  return { transactions: 2 * count, scheduleEntries: count };
}
