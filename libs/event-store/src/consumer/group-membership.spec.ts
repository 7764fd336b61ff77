import { keepMembershipDuring } from './group-membership';

describe('keepMembershipDuring', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function aBatch(heartbeat: () => Promise<void>) {
    let finish: () => void = () => undefined;
    const work = () => new Promise<string>((resolve) => (finish = () => resolve('done')));
    return { payload: { heartbeat: jest.fn(heartbeat) }, work, finish: () => finish() };
  }

  it('heartbeats every interval while the batch runs, and no more once it is done', async () => {
    const batch = aBatch(() => Promise.resolve());
    const running = keepMembershipDuring(batch.payload, 1_000, batch.work);
    await jest.advanceTimersByTimeAsync(3_500);
    expect(batch.payload.heartbeat).toHaveBeenCalledTimes(3);

    batch.finish();
    expect(await running).toBe('done');
    await jest.advanceTimersByTimeAsync(5_000);
    expect(batch.payload.heartbeat).toHaveBeenCalledTimes(3);
  });

  it('sends one heartbeat at a time when the broker is slow to answer', async () => {
    const batch = aBatch(() => new Promise<void>((resolve) => setTimeout(resolve, 3_500)));
    const running = keepMembershipDuring(batch.payload, 1_000, batch.work);
    await jest.advanceTimersByTimeAsync(4_200);
    expect(batch.payload.heartbeat).toHaveBeenCalledTimes(1);
    batch.finish();
    await running;
  });

  it('lets a failed heartbeat pass: kafkajs heartbeats after the batch and rejoins if it must', async () => {
    const batch = aBatch(() => Promise.reject(new Error('The group is rebalancing')));
    const running = keepMembershipDuring(batch.payload, 1_000, batch.work);
    await jest.advanceTimersByTimeAsync(2_500);
    batch.finish();
    await expect(running).resolves.toBe('done');
    expect(batch.payload.heartbeat).toHaveBeenCalledTimes(2);
  });
});
