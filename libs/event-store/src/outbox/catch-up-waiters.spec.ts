import { CatchUpWaiters } from './catch-up-waiters';

describe('CatchUpWaiters', () => {
  it('does not count an empty read that began before the wait', async () => {
    const sut = new CatchUpWaiters();
    const earlierRead = sut.readStarted();
    let resolved = false;
    const waiting = sut.waitForReadAfterNow(1_000).then(() => (resolved = true));
    sut.readFoundNothing(earlierRead);
    await Promise.resolve();
    expect(resolved).toBe(false);

    sut.readFoundNothing(sut.readStarted());
    await waiting;
    expect(resolved).toBe(true);
  });

  it('rejects a wait that outlasts its timeout', async () => {
    const sut = new CatchUpWaiters();
    await expect(sut.waitForReadAfterNow(10)).rejects.toThrow(/did not catch up within 10 ms/);
  });
});
