/**
 * Process-run events on `invoicing.process-runs`, schema version 1 (docs/product.md 4.2), frozen: a
 * published version is never edited. The names without a version in `../process-run-events.ts`
 * follow the latest.
 */
export const WORKFLOWS_V1 = ['ProcessRunCaller', 'ProcessRunner', 'UpdateRoleUtilization'] as const;
export type WorkflowV1 = (typeof WORKFLOWS_V1)[number];

export interface ProcessRunCountsV1 {
  readonly contractLinesConsidered: number;
  readonly invoicesCreated: number;
  readonly skippedNoTransactions: number;
  readonly skippedNoSchedule: number;
  readonly heldBackByNotToExceed: number;
  readonly contractsParked: number;
}

export interface ProcessRunStartedV1 {
  readonly processRunId: string;
  readonly batchJobId: string;
  readonly workflow: WorkflowV1;
  readonly runDate: string;
  readonly startedAt: string;
}

export interface ProcessRunCompletedV1 extends ProcessRunCountsV1 {
  readonly processRunId: string;
  readonly batchJobId: string;
  readonly runDate: string;
  readonly endedAt: string;
}

export interface ProcessRunFailedV1 {
  readonly processRunId: string;
  readonly batchJobId: string;
  readonly runDate: string;
  readonly endedAt: string;
  readonly error: string;
}
