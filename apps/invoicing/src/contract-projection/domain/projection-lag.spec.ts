import { describeLag, lagBehind } from './projection-lag';

const offsets = (entries: [number, number][]) => new Map(entries.map(([p, o]) => [p, BigInt(o)]));

describe('lagBehind', () => {
  it('names the partitions whose position is short of the end offset', () => {
    const ends = offsets([
      [0, 30],
      [1, 5],
      [2, 0],
    ]);
    expect(
      lagBehind(ends, [
        offsets([
          [0, 10],
          [1, 5],
        ]),
      ]),
    ).toEqual([{ partition: 0, position: 10n, end: 30n }]);
  });

  it('counts a partition no source names as standing at 0, and an empty one as caught up', () => {
    expect(
      lagBehind(
        offsets([
          [3, 2],
          [4, 0],
        ]),
        [new Map()],
      ),
    ).toEqual([{ partition: 3, position: 0n, end: 2n }]);
  });

  it('takes a partition as caught up when any source reaches its end', () => {
    const ends = offsets([[0, 30]]);
    expect(lagBehind(ends, [offsets([[0, 29]]), offsets([[0, 30]])])).toEqual([]);
  });

  it('finds nothing behind once every position reached its end, even past it', () => {
    expect(lagBehind(offsets([[0, 30]]), [offsets([[0, 31]])])).toEqual([]);
  });
});

describe('describeLag', () => {
  it('says how many partitions and records, and where each partition stands', () => {
    expect(
      describeLag([
        { partition: 0, position: 10n, end: 30n },
        { partition: 4, position: 0n, end: 20n },
      ]),
    ).toBe('2 partitions, 40 records behind (partition 0 at 10 of 30, partition 4 at 0 of 20)');
    expect(describeLag([{ partition: 1, position: 4n, end: 5n }])).toBe(
      '1 partition, 1 record behind (partition 1 at 4 of 5)',
    );
  });
});
