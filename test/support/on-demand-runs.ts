import { E2eSystem } from './e2e-system';
import { ProcessRunView } from './invoicing.client';

/**
 * An inactive invoice job of the test file's own, created in `beforeAll`, and the way its tests run
 * it: once the invoicing projection has caught up with all the contracts service wrote, a run-now
 * on `runDate`, awaited to its end.
 */
export function useOnDemandRuns(system: () => E2eSystem): (runDate: string) => Promise<ProcessRunView> {
  let batchJobId: string | undefined;

  beforeAll(async () => {
    const job = await system().invoicing.createBatchJob({
      name: 'Create invoices on demand',
      workflow: 'ProcessRunCaller',
      isActive: false,
    });
    batchJobId = job.batchJobId;
  });

  return async (runDate) => {
    if (batchJobId === undefined) throw new Error('the on-demand job was not created (see beforeAll)');
    await system().projectionCaughtUp();
    return system().invoicing.runAndWait(batchJobId, runDate);
  };
}
