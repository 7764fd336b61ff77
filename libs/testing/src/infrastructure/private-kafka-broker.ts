import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort, startKafkaBroker, stopKafkaBroker } from '../../../../scripts/infra';

/** A Kafka broker of one test file's own, which the test may stop and start (fault tests). */
export interface PrivateKafkaBroker {
  /** Bootstrap address, e.g. `127.0.0.1:41234`; stays the same across stop/start. */
  readonly brokers: string;
  /** Stops the broker process and waits for it to exit; topics and offsets stay on disk. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  dispose(): Promise<void>;
}

async function twoFreePorts(): Promise<[number, number]> {
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  return [port, controllerPort];
}

/**
 * Starts a single-node broker on free ports with its data in a temporary directory. Takes a few
 * seconds (a JVM start); use the shared KAFKA_BROKERS unless the test must stop the broker.
 */
export async function startPrivateKafkaBroker(): Promise<PrivateKafkaBroker> {
  const [port, controllerPort] = await twoFreePorts();
  const dataDir = mkdtempSync(join(tmpdir(), 'private-kafka-'));
  const start = async () => {
    await startKafkaBroker({ port, controllerPort, dataDir });
  };
  const stop = async () => {
    await stopKafkaBroker({ dataDir });
  };
  try {
    await start();
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    brokers: `127.0.0.1:${port}`,
    start,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
