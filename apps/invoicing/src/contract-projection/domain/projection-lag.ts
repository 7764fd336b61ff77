/** Per partition of a topic, an offset: an end offset, or the offset after the last record done with. */
export type PartitionOffsets = ReadonlyMap<number, bigint>;

/** A partition whose projection position is short of the end offset a run read at its start. */
export interface PartitionLag {
  readonly partition: number;
  readonly position: bigint;
  readonly end: bigint;
}

/**
 * The partitions the projection has not caught up on. Each source of positions is one way of
 * knowing (the projection's own positions, the offsets its consumer group committed); a partition
 * counts as caught up when any of them reaches its end, and stands at 0 when none names it.
 */
export function lagBehind(ends: PartitionOffsets, sources: readonly PartitionOffsets[]): PartitionLag[] {
  const lags: PartitionLag[] = [];
  for (const [partition, end] of [...ends].sort(([a], [b]) => a - b)) {
    const position = sources.reduce((best, source) => {
      const offset = source.get(partition);
      return offset !== undefined && offset > best ? offset : best;
    }, 0n);
    if (position < end) lags.push({ partition, position, end });
  }
  return lags;
}

/** "2 partitions, 40 records behind (partition 0 at 10 of 30, partition 4 at 0 of 20)". */
export function describeLag(lags: readonly PartitionLag[]): string {
  const records = lags.reduce((sum, lag) => sum + (lag.end - lag.position), 0n);
  const partitions = lags.map((lag) => `partition ${lag.partition} at ${lag.position} of ${lag.end}`);
  const plural = (n: number | bigint, word: string) => `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`;
  return `${plural(lags.length, 'partition')}, ${plural(records, 'record')} behind (${partitions.join(', ')})`;
}
