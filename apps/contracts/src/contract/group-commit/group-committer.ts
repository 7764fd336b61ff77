/** What a flush answers for each item of its group, in the group's order. */
export type ItemResult<R> = PromiseSettledResult<R>;

/** The item result of a promise: never rejects. */
export function settle<R>(promise: Promise<R>): Promise<ItemResult<R>> {
  return promise.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}

export interface GroupCommitterOptions {
  /** The most items one flush takes; the rest wait for the next one. */
  readonly maxGroupSize: number;
}

interface Pending<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * Group commit: the first item to arrive while no flush runs is flushed at once, alone (it waits
 * for nothing); items arriving while a flush runs queue up and go together in the next flush, up
 * to `maxGroupSize`. One flush at a time, so under load the group grows with the queue and each
 * database transaction carries many items, while a quiet service answers as fast as before.
 */
export class GroupCommitter<T, R> {
  private readonly queue: Pending<T, R>[] = [];
  private flushing = false;

  constructor(
    private readonly flush: (group: readonly T[]) => Promise<readonly ItemResult<R>[]>,
    private readonly options: GroupCommitterOptions,
  ) {
    if (!Number.isInteger(options.maxGroupSize) || options.maxGroupSize < 1)
      throw new RangeError(`maxGroupSize must be a positive integer, got ${options.maxGroupSize}`);
  }

  /** Resolves or rejects with this item's own result once its group has been flushed. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) await this.flushNext(this.queue.splice(0, this.options.maxGroupSize));
    } finally {
      this.flushing = false;
    }
  }

  private async flushNext(group: readonly Pending<T, R>[]): Promise<void> {
    let results: readonly ItemResult<R>[];
    try {
      results = await this.flush(group.map((pending) => pending.item));
      if (results.length !== group.length)
        throw new Error(`a flush of ${group.length} items answered ${results.length}`);
    } catch (error) {
      // The flush is meant to answer every item itself; this is the safety net for a bug in it.
      for (const pending of group) pending.reject(error);
      return;
    }
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') group[index].resolve(result.value);
      else group[index].reject(result.reason);
    });
  }
}
