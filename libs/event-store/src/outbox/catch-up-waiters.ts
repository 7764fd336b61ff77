interface Waiter {
  readonly afterRead: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Lets a caller (mostly a test) wait until the relay has published everything committed before the
 * call: that is the case once a read that began after the call comes back empty and no committed
 * event is held back behind an open transaction.
 */
export class CatchUpWaiters {
  private readsStarted = 0;
  private waiters: Waiter[] = [];

  get waiting(): boolean {
    return this.waiters.length > 0;
  }

  readStarted(): number {
    this.readsStarted += 1;
    return this.readsStarted;
  }

  readFoundNothing(readNumber: number): void {
    const done = this.waiters.filter((waiter) => waiter.afterRead < readNumber);
    this.waiters = this.waiters.filter((waiter) => waiter.afterRead >= readNumber);
    for (const waiter of done) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
  }

  waitForReadAfterNow(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const afterRead = this.readsStarted;
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.timer !== timer);
        reject(new Error(`outbox relay did not catch up within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push({ afterRead, resolve, reject, timer });
    });
  }

  rejectAll(error: Error): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters = [];
  }
}
