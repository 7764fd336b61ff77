import { Logger } from '@nestjs/common';
import { backoffDelay, BackoffOptions, DEFAULT_BACKOFF } from '@app/event-store';

/** What this runner needs of a consumer: `BatchConsumer` has exactly this shape. */
export interface StartableConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Runs a Kafka consumer in the background of a service: it subscribes once its topics exist
 * (`topicsReady`), keeps trying with backoff while Kafka is away at start, and never holds up the
 * service's start or shutdown.
 */
export class BackgroundConsumer {
  private readonly abort = new AbortController();
  private current: StartableConsumer | undefined;

  constructor(
    private readonly name: string,
    private readonly create: () => StartableConsumer,
    private readonly logger = new Logger(`BackgroundConsumer(${name})`),
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
  ) {}

  /** Starts in the background; returns at once. */
  start(topicsReady: Promise<void>): void {
    void this.run(topicsReady);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    const current = this.current;
    this.current = undefined;
    await current?.stop();
  }

  private async run(topicsReady: Promise<void>): Promise<void> {
    const stopped = new Promise<void>((resolve) =>
      this.abort.signal.addEventListener('abort', () => resolve()),
    );
    await Promise.race([topicsReady, stopped]);
    for (let attempt = 1; !this.abort.signal.aborted; attempt += 1) {
      const consumer = this.create();
      this.current = consumer;
      try {
        await consumer.start();
        if (this.abort.signal.aborted) await consumer.stop();
        else this.logger.log(`${this.name} consuming`);
        return;
      } catch (error) {
        if (attempt === 1) this.logger.warn(`${this.name} could not start, retrying: ${String(error)}`);
        this.current = undefined;
        await consumer.stop().catch(() => undefined);
        await pause(backoffDelay(attempt, this.backoff), this.abort.signal);
      }
    }
  }
}
