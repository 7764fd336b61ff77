import { EventEnvelope } from '../envelope';

export const WORKFLOWS = ['ProcessRunCaller', 'ProcessRunner', 'UpdateRoleUtilization'] as const;
export type Workflow = (typeof WORKFLOWS)[number];

export interface ProcessRunCounts {
  readonly contractLinesConsidered: number;
  readonly invoicesCreated: number;
  readonly skippedNoTransactions: number;
  readonly skippedNoSchedule: number;
  readonly heldBackByNotToExceed: number;
  readonly contractsParked: number;
}

export interface ProcessRunStarted {
  readonly processRunId: string;
  readonly batchJobId: string;
  readonly workflow: Workflow;
  readonly runDate: string;
  readonly startedAt: string;
}

export interface ProcessRunCompleted extends ProcessRunCounts {
  readonly processRunId: string;
  readonly batchJobId: string;
  readonly runDate: string;
  readonly endedAt: string;
}

export interface ProcessRunFailed {
  readonly processRunId: string;
  readonly batchJobId: string;
  readonly runDate: string;
  readonly endedAt: string;
  readonly error: string;
}

export interface ProcessRunEventDataByType {
  ProcessRunStarted: ProcessRunStarted;
  ProcessRunCompleted: ProcessRunCompleted;
  ProcessRunFailed: ProcessRunFailed;
}
export type ProcessRunEventType = keyof ProcessRunEventDataByType;
export type ProcessRunEvent = {
  [K in ProcessRunEventType]: { readonly type: K; readonly data: ProcessRunEventDataByType[K] };
}[ProcessRunEventType];
export type ProcessRunEventEnvelope = {
  [K in ProcessRunEventType]: EventEnvelope<K, ProcessRunEventDataByType[K]>;
}[ProcessRunEventType];
