import fc from 'fast-check';
import {
  ONE_DAY_MS,
  aJobTimer,
  aRunningJobTimer,
  anInactiveJobTimer,
} from '../../../test/job-timer.builders';
import {
  JobTimer,
  canRunNow,
  isDue,
  newJobTimer,
  onActivated,
  onDeactivated,
  onRunEnded,
  onRunStarted,
} from './job-timer';

const at = (iso: string) => new Date(iso);
const accepted = (decision: { ok: true; value: JobTimer } | { ok: false }): JobTimer => {
  if (!decision.ok) throw new Error(`refused: ${JSON.stringify(decision)}`);
  return decision.value;
};

describe('the batch job timer', () => {
  const now = at('2024-03-01T08:00:00.000Z');

  describe('when a ProcessRunCaller job is activated', () => {
    const sut = newJobTimer({ workflow: 'ProcessRunCaller', frequencyMs: ONE_DAY_MS, isActive: true }, now);

    it('sleeps first: the first run is due one frequency later', () => {
      expect(sut).toMatchObject({ phase: 'Sleeping', nextRunAt: at('2024-03-02T08:00:00.000Z') });
      expect(isDue(sut, now)).toBe(false);
      expect(isDue(sut, at('2024-03-02T07:59:59.999Z'))).toBe(false);
      expect(isDue(sut, at('2024-03-02T08:00:00.000Z'))).toBe(true);
    });
  });

  describe.each(['ProcessRunner', 'UpdateRoleUtilization'] as const)(
    'when a %s job is activated',
    (workflow) => {
      const sut = newJobTimer({ workflow, frequencyMs: ONE_DAY_MS, isActive: true }, now);

      it('runs first: due at once', () => {
        expect(sut).toMatchObject({ phase: 'Sleeping', nextRunAt: now });
        expect(isDue(sut, now)).toBe(true);
      });
    },
  );

  it('does nothing for a job created inactive', () => {
    const sut = newJobTimer({ workflow: 'ProcessRunner', frequencyMs: ONE_DAY_MS, isActive: false }, now);
    expect(sut).toMatchObject({ isActive: false, phase: 'Inactive', nextRunAt: null });
    expect(isDue(sut, at('2030-01-01T00:00:00.000Z'))).toBe(false);
  });

  describe('when a run ends', () => {
    it('sets the next run exactly one frequency after the end, to the millisecond', () => {
      const running = aRunningJobTimer({ frequencyMs: 5_000 });
      const sut = accepted(onRunEnded(running, at('2024-03-01T00:00:07.123Z')));
      expect(sut).toMatchObject({ phase: 'Sleeping', nextRunAt: at('2024-03-01T00:00:12.123Z') });
    });

    it('property: nextRunAt - endedAt is the frequency, whatever both are', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1_000, max: 366 * ONE_DAY_MS }),
          fc.integer({ min: 0, max: 4_102_444_800_000 }),
          (frequencyMs, endedAtMs) => {
            const sut = accepted(onRunEnded(aRunningJobTimer({ frequencyMs }), new Date(endedAtMs)));
            expect(sut.nextRunAt!.getTime() - endedAtMs).toBe(frequencyMs);
          },
        ),
      );
    });

    it('stops the cycle when the job was deactivated during the run', () => {
      const running = onDeactivated(aRunningJobTimer());
      expect(running.phase).toBe('Running');
      expect(accepted(onRunEnded(running, now))).toMatchObject({ phase: 'Inactive', nextRunAt: null });
    });

    it('refuses to end a run that is not in progress', () => {
      expect(onRunEnded(aJobTimer(), now)).toMatchObject({
        ok: false,
        violation: { code: 'NO_RUN_IN_PROGRESS' },
      });
    });
  });

  describe('when the timer expired long ago (every replica was down)', () => {
    const asleep = aJobTimer({ nextRunAt: at('2024-02-20T08:00:00.000Z') });

    it('fires once, and the next run is one frequency after that run ends, not a backlog', () => {
      expect(isDue(asleep, now)).toBe(true);
      const running = accepted(onRunStarted(asleep, 'run-1'));
      expect(isDue(running, now)).toBe(false);
      const ended = accepted(onRunEnded(running, at('2024-03-01T08:00:30.000Z')));
      expect(ended.nextRunAt).toEqual(at('2024-03-02T08:00:30.000Z'));
      expect(isDue(ended, at('2024-03-01T08:00:31.000Z'))).toBe(false);
    });
  });

  describe('starting a run', () => {
    it('records the run and is running until it ends', () => {
      const sut = accepted(onRunStarted(aJobTimer(), 'run-7'));
      expect(sut).toMatchObject({ phase: 'Running', nextRunAt: null, lastProcessRunId: 'run-7' });
    });

    it('is refused while another run is in progress', () => {
      expect(onRunStarted(aRunningJobTimer(), 'run-8')).toMatchObject({
        ok: false,
        violation: { code: 'RUN_IN_PROGRESS' },
      });
      expect(canRunNow(aRunningJobTimer()).ok).toBe(false);
    });

    it('is allowed on demand before the timer expires', () => {
      expect(canRunNow(aJobTimer({ nextRunAt: at('2099-01-01T00:00:00.000Z') })).ok).toBe(true);
    });

    it('is allowed once on an inactive job, which stays inactive afterwards', () => {
      const running = accepted(onRunStarted(anInactiveJobTimer(), 'one-off'));
      expect(accepted(onRunEnded(running, now))).toMatchObject({ isActive: false, phase: 'Inactive' });
    });
  });

  describe('activation and deactivation', () => {
    it('refuses to activate an active job', () => {
      expect(onActivated(aJobTimer(), now)).toMatchObject({
        ok: false,
        violation: { code: 'JOB_ALREADY_ACTIVE' },
      });
    });

    it('stops the timer on deactivation', () => {
      const sut = onDeactivated(aJobTimer({ nextRunAt: at('2024-02-01T00:00:00.000Z') }));
      expect(sut).toMatchObject({ isActive: false, phase: 'Inactive', nextRunAt: null });
      expect(isDue(sut, now)).toBe(false);
    });

    it('starts a fresh cycle on reactivation: a caller sleeps a whole period again', () => {
      const sut = accepted(onActivated(onDeactivated(aJobTimer()), now));
      expect(sut).toMatchObject({
        isActive: true,
        phase: 'Sleeping',
        nextRunAt: at('2024-03-02T08:00:00.000Z'),
      });
    });

    it('lets a run in progress go on when reactivated during it', () => {
      const sut = accepted(onActivated(onDeactivated(aRunningJobTimer()), now));
      expect(sut).toMatchObject({ isActive: true, phase: 'Running' });
    });
  });
});
