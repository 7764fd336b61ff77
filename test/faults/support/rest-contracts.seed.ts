import { aContract, ContractsClient } from '../../support';

/**
 * Writes `count` contracts through the contracts REST API, `concurrency` at a time, each with one
 * T&M line scheduled on `runDate` and two transactions before its cut-off (one batch request).
 * Resolves the contract ids; any write that is not accepted rejects.
 */
export async function writeDueContracts(
  contracts: ContractsClient,
  count: number,
  runDate: string,
  concurrency = 6,
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const contract = await aContract(contracts);
      const lineId = await contract.timeAndMaterialLine({ runDates: [runDate] });
      await contracts.recordTransactions(
        contract.contractId,
        ['2', '3.5'].map((quantity) => ({
          contractLineId: lineId,
          transactionClass: 'Time' as const,
          transactionDate: '2025-01-06',
          quantity,
          unitPrice: '120.00',
        })),
      );
      ids.push(contract.contractId);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}
