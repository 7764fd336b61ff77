import { BackgroundConsumer, StartableConsumer } from './background-consumer';

const quietLogger = { log: () => undefined, warn: () => undefined } as never;
const fastBackoff = { initialMs: 1, maxMs: 5, jitter: 0 };

class ConsumerDouble implements StartableConsumer {
  started = false;
  stopped = false;
  constructor(private readonly fails: boolean) {}
  async start(): Promise<void> {
    if (this.fails) throw new Error('broker not available');
    this.started = true;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('BackgroundConsumer', () => {
  it('subscribes only once the topics exist', async () => {
    const consumers: ConsumerDouble[] = [];
    let topicsExist!: () => void;
    const sut = new BackgroundConsumer(
      'test',
      () => consumers[consumers.push(new ConsumerDouble(false)) - 1],
      quietLogger,
      fastBackoff,
    );
    sut.start(new Promise<void>((resolve) => (topicsExist = resolve)));
    await settle();
    expect(consumers).toHaveLength(0);
    topicsExist();
    await settle();
    expect(consumers[0].started).toBe(true);
    await sut.stop();
    expect(consumers[0].stopped).toBe(true);
  });

  it('keeps trying with a fresh consumer while Kafka refuses, and stops the failed ones', async () => {
    const consumers: ConsumerDouble[] = [];
    const sut = new BackgroundConsumer(
      'test',
      () => consumers[consumers.push(new ConsumerDouble(consumers.length < 3)) - 1],
      quietLogger,
      fastBackoff,
    );
    sut.start(Promise.resolve());
    await settle();
    expect(consumers.map((c) => [c.started, c.stopped])).toEqual([
      [false, true],
      [false, true],
      [false, true],
      [true, false],
    ]);
    await sut.stop();
  });

  it('gives up trying once stopped, without waiting for the topics', async () => {
    const consumers: ConsumerDouble[] = [];
    const sut = new BackgroundConsumer(
      'test',
      () => consumers[consumers.push(new ConsumerDouble(true)) - 1],
      quietLogger,
      fastBackoff,
    );
    sut.start(new Promise<void>(() => undefined));
    await sut.stop();
    await settle();
    expect(consumers).toHaveLength(0);
  });
});
