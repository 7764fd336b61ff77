import { EventEnvelope } from '../envelope';
import * as v1 from './v1/process-run-events.v1';

/* The latest version of each process-run event (docs/product.md 4.2); frozen shapes live in ./v1. */
export const WORKFLOWS = v1.WORKFLOWS_V1;
export type Workflow = v1.WorkflowV1;
export type ProcessRunCounts = v1.ProcessRunCountsV1;
export type ProcessRunStarted = v1.ProcessRunStartedV1;
export type ProcessRunCompleted = v1.ProcessRunCompletedV1;
export type ProcessRunFailed = v1.ProcessRunFailedV1;

export interface ProcessRunEventDataByType {
  ProcessRunStarted: ProcessRunStarted;
  ProcessRunCompleted: ProcessRunCompleted;
  ProcessRunFailed: ProcessRunFailed;
}
export type ProcessRunEventType = keyof ProcessRunEventDataByType;
export const PROCESS_RUN_EVENT_TYPES: readonly ProcessRunEventType[] = [
  'ProcessRunStarted',
  'ProcessRunCompleted',
  'ProcessRunFailed',
];
export type ProcessRunEvent = {
  [K in ProcessRunEventType]: { readonly type: K; readonly data: ProcessRunEventDataByType[K] };
}[ProcessRunEventType];
export type ProcessRunEventEnvelope = {
  [K in ProcessRunEventType]: EventEnvelope<K, ProcessRunEventDataByType[K]>;
}[ProcessRunEventType];
