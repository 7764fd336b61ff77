import { randomUUID } from 'node:crypto';
import type { JobTimer } from '../src/batch-job/domain';

/**
 * Fixtures for the batch job timer. Instants are explicit `Date`s so that
 * tests state time as data.
 */
export const ONE_DAY_MS = 86_400_000;

/** An active daily `ProcessRunCaller` job asleep until 2024-03-02 02:00 UTC. */
export function aJobTimer(overrides: Partial<JobTimer> = {}): JobTimer {
  return {
    workflow: 'ProcessRunCaller',
    frequencyMs: ONE_DAY_MS,
    isActive: true,
    phase: 'Sleeping',
    nextRunAt: new Date('2024-03-02T02:00:00.000Z'),
    lastProcessRunId: null,
    ...overrides,
  };
}

export function anInactiveJobTimer(overrides: Partial<JobTimer> = {}): JobTimer {
  return aJobTimer({ isActive: false, phase: 'Inactive', nextRunAt: null, ...overrides });
}

/** A job in the middle of a run. */
export function aRunningJobTimer(overrides: Partial<JobTimer> = {}): JobTimer {
  return aJobTimer({ phase: 'Running', nextRunAt: null, lastProcessRunId: randomUUID(), ...overrides });
}
