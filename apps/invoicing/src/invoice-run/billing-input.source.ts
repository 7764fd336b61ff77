import { QueryRunner } from 'typeorm';
import { ContractBillingInput } from './domain';

/**
 * What a process run and the preview read from the projection: due contracts a page at a time (by
 * contract id, so a run can resume after any of them) and their billing inputs.
 */
export interface BillingInputSource {
  dueContractIds(
    runDate: string,
    afterContractId: string | null,
    limit: number,
    queryRunner?: QueryRunner,
  ): Promise<string[]>;
  countDueContracts(runDate: string, queryRunner?: QueryRunner): Promise<number>;
  /**
   * Schedule-less lines of contracts not due on `runDate` (the generator counts those of due
   * contracts itself), so a run reports every line that is never invoiced (docs/product.md 3.4).
   */
  countLinesWithoutSchedule(runDate: string, queryRunner?: QueryRunner): Promise<number>;
  load(contractIds: string[], queryRunner?: QueryRunner): Promise<ContractBillingInput[]>;
}

export const BILLING_INPUT_SOURCE = Symbol('BILLING_INPUT_SOURCE');
