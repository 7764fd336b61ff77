import { backoffDelay, BackoffOptions } from './backoff';

describe('backoffDelay', () => {
  const noJitter: BackoffOptions = { initialMs: 100, maxMs: 5_000, factor: 2, jitter: 0 };
  const noRandomness = () => 0;

  it('waits the initial delay before the first retry', () => {
    expect(backoffDelay(1, noJitter, noRandomness)).toBe(100);
  });

  it('grows by the factor with every further attempt', () => {
    expect([2, 3, 4].map((attempt) => backoffDelay(attempt, noJitter, noRandomness))).toEqual([
      200, 400, 800,
    ]);
  });

  it('never waits longer than the cap, however long the outage lasts', () => {
    expect(backoffDelay(7, noJitter, noRandomness)).toBe(5_000);
    expect(backoffDelay(10_000, noJitter, noRandomness)).toBe(5_000);
  });

  it('takes at most the jitter share off the delay', () => {
    const jittered = { ...noJitter, jitter: 0.25 };
    expect(backoffDelay(3, jittered, () => 0)).toBe(400);
    expect(backoffDelay(3, jittered, () => 1)).toBe(300);
    expect(backoffDelay(3, jittered, () => 0.5)).toBe(350);
  });

  it('treats attempt numbers below one as the first retry', () => {
    expect(backoffDelay(0, noJitter, noRandomness)).toBe(100);
  });
});
