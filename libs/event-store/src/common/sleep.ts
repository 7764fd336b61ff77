/** Resolves after `ms`, or at once when `signal` aborts (shutdown must not wait out a backoff). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A sleep that another party can cut short (a NOTIFY, a test asking to catch up, a shutdown). */
export class Wakeable {
  private wake: (() => void) | undefined;
  /** A wake-up that came while nobody waited still cuts the next wait short. */
  private pending = false;

  wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        this.wake = undefined;
        resolve();
      };
      this.wake = finish;
      void sleep(ms, signal).then(finish);
    });
  }

  wakeUp(): void {
    if (this.wake) this.wake();
    else this.pending = true;
  }
}
