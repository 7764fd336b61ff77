import { Workflow } from '@app/event-contracts';
import { BatchJobDecision, allow, refuse } from './batch-job-rule-violation';

export type JobPhase = 'Sleeping' | 'Running' | 'Inactive';

/**
 * The durable timer of a batch job (docs/product.md 2.2, 2.4, 4.5). Instants are data: every transition takes
 * the time it happens at, so the state machine never reads a clock. `isActive` is the operator's
 * switch; `phase` is where the cycle is. A job deactivated during a run stays `Running` until the
 * run ends, then becomes `Inactive`.
 */
export interface JobTimer {
  readonly workflow: Workflow;
  readonly frequencyMs: number;
  readonly isActive: boolean;
  readonly phase: JobPhase;
  /** When the next run is due; null while running or inactive. */
  readonly nextRunAt: Date | null;
  readonly lastProcessRunId: string | null;
}

/**
 * `ProcessRunCaller` sleeps first; `ProcessRunner` runs first. `UpdateRoleUtilization` also runs
 * first: its report should be current as soon as the job exists, and recomputing it is harmless.
 */
export function runsFirst(workflow: Workflow): boolean {
  return workflow !== 'ProcessRunCaller';
}

export function newJobTimer(
  job: { readonly workflow: Workflow; readonly frequencyMs: number; readonly isActive: boolean },
  now: Date,
): JobTimer {
  const inactive: JobTimer = {
    ...job,
    isActive: false,
    phase: 'Inactive',
    nextRunAt: null,
    lastProcessRunId: null,
  };
  if (!job.isActive) return inactive;
  const activated = onActivated(inactive, now);
  return activated.ok ? activated.value : inactive;
}

/** Starts the cycle: sleep first (due after one period) or run first (due now). */
export function onActivated(job: JobTimer, now: Date): BatchJobDecision<JobTimer> {
  if (job.isActive) return refuse('JOB_ALREADY_ACTIVE', 'the job is already active');
  if (job.phase === 'Running') return allow({ ...job, isActive: true });
  const nextRunAt = runsFirst(job.workflow) ? now : after(now, job.frequencyMs);
  return allow({ ...job, isActive: true, phase: 'Sleeping', nextRunAt });
}

/** Stops the cycle. A run in progress finishes; deactivating an inactive job changes nothing. */
export function onDeactivated(job: JobTimer): JobTimer {
  if (job.phase === 'Running') return { ...job, isActive: false };
  return { ...job, isActive: false, phase: 'Inactive', nextRunAt: null };
}

/** Whether the timer has expired. However long ago it expired, it is one due run, not a backlog. */
export function isDue(job: JobTimer, now: Date): boolean {
  return (
    job.isActive &&
    job.phase === 'Sleeping' &&
    job.nextRunAt !== null &&
    job.nextRunAt.getTime() <= now.getTime()
  );
}

/** Run-now is allowed whenever no run is in progress, also on an inactive job (a one-off run). */
export function canRunNow(job: JobTimer): BatchJobDecision<null> {
  return job.phase === 'Running' ? refuse('RUN_IN_PROGRESS', 'a process run is in progress') : allow(null);
}

/** A run starts, because the timer expired or an operator asked. One run at a time. */
export function onRunStarted(job: JobTimer, processRunId: string): BatchJobDecision<JobTimer> {
  const allowed = canRunNow(job);
  if (!allowed.ok) return allowed;
  return allow({ ...job, phase: 'Running', nextRunAt: null, lastProcessRunId: processRunId });
}

/**
 * A run ended at `endedAt` (succeeded or failed alike): the next one is due exactly one frequency
 * later (docs/product.md 2.4). Missed periods are never replayed: the next run is counted from this end.
 */
export function onRunEnded(job: JobTimer, endedAt: Date): BatchJobDecision<JobTimer> {
  if (job.phase !== 'Running') return refuse('NO_RUN_IN_PROGRESS', 'no process run is in progress');
  if (!job.isActive) return allow({ ...job, phase: 'Inactive', nextRunAt: null });
  return allow({ ...job, phase: 'Sleeping', nextRunAt: after(endedAt, job.frequencyMs) });
}

function after(instant: Date, milliseconds: number): Date {
  return new Date(instant.getTime() + milliseconds);
}
