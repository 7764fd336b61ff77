import { GroupCommitter, ItemResult } from './group-committer';

/** A flush the test completes by hand, recording the groups it was given. */
function manualFlush() {
  const groups: string[][] = [];
  const finish: (() => void)[] = [];
  const flush = (group: readonly string[]) => {
    groups.push([...group]);
    return new Promise<ItemResult<string>[]>((resolve) =>
      finish.push(() =>
        resolve(
          group.map((item) =>
            item.startsWith('bad')
              ? { status: 'rejected', reason: new Error(`refused ${item}`) }
              : { status: 'fulfilled', value: `done ${item}` },
          ),
        ),
      ),
    );
  };
  const finishNext = async () => {
    finish.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { groups, flush, finishNext };
}

describe('GroupCommitter', () => {
  it('flushes a lone item at once, without waiting for company', () => {
    const { groups, flush } = manualFlush();
    const sut = new GroupCommitter(flush, { maxGroupSize: 100 });
    void sut.submit('a');
    expect(groups).toEqual([['a']]);
  });

  it('queues the items that arrive during a flush and flushes them together next', async () => {
    const { groups, flush, finishNext } = manualFlush();
    const sut = new GroupCommitter(flush, { maxGroupSize: 100 });
    const answers = ['a', 'b', 'c', 'd'].map((item) => sut.submit(item));

    await finishNext();
    expect(groups).toEqual([['a'], ['b', 'c', 'd']]);
    await finishNext();
    await expect(Promise.all(answers)).resolves.toEqual(['done a', 'done b', 'done c', 'done d']);
  });

  it('takes at most maxGroupSize items per flush', async () => {
    const { groups, flush, finishNext } = manualFlush();
    const sut = new GroupCommitter(flush, { maxGroupSize: 2 });
    ['a', 'b', 'c', 'd', 'e'].forEach((item) => void sut.submit(item));
    await finishNext();
    await finishNext();
    expect(groups).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('answers each item with its own result: one refused item fails only its caller', async () => {
    const { flush, finishNext } = manualFlush();
    const sut = new GroupCommitter(flush, { maxGroupSize: 100 });
    const answers = Promise.allSettled(['first', 'good', 'bad one'].map((item) => sut.submit(item)));
    await finishNext();
    await finishNext();
    expect(await answers).toEqual([
      { status: 'fulfilled', value: 'done first' },
      { status: 'fulfilled', value: 'done good' },
      { status: 'rejected', reason: new Error('refused bad one') },
    ]);
  });

  it('fails the group’s items when the flush itself throws, and goes on with the next group', async () => {
    let calls = 0;
    const sut = new GroupCommitter<string, string>(
      async (group) => {
        calls += 1;
        if (calls === 1) throw new Error('flush broke');
        return group.map((item) => ({ status: 'fulfilled', value: item }));
      },
      { maxGroupSize: 100 },
    );
    const answers = Promise.allSettled([sut.submit('a'), sut.submit('b')]);
    expect(await answers).toEqual([
      { status: 'rejected', reason: new Error('flush broke') },
      { status: 'fulfilled', value: 'b' },
    ]);
  });
});
