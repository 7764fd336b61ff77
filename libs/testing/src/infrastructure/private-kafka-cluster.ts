import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  freePort,
  startKafkaCluster,
  startKafkaNode,
  stopKafkaCluster,
  stopKafkaNode,
} from '../../../../scripts/infra';

/** A Kafka cluster of one test file's own, whose nodes the test may kill and start again. */
export interface PrivateKafkaCluster {
  /** Bootstrap list of every node, e.g. `127.0.0.1:41234,127.0.0.1:41240,127.0.0.1:41246`. */
  readonly brokers: string;
  /** Node ids (the brokers' ids in Kafka metadata) and the port each listens on. */
  readonly nodes: ReadonlyArray<{ readonly nodeId: number; readonly port: number }>;
  /** SIGKILL: the node dies with no controlled shutdown, as a crashed machine would. */
  kill(nodeId: number): Promise<void>;
  /** Starts a killed node again with its data; resolves once it answers. */
  start(nodeId: number): Promise<void>;
  /** Kills every node and deletes the cluster's data. */
  dispose(): Promise<void>;
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/**
 * Starts a KRaft cluster of `size` combined broker-controller nodes (small heaps) on free ports,
 * with its data in a temporary directory. Takes a JVM start (all nodes at once); only for tests that
 * need a node to die.
 */
export async function startPrivateKafkaCluster(size = 3): Promise<PrivateKafkaCluster> {
  const ports = await distinctFreePorts(2 * size);
  const root = mkdtempSync(join(tmpdir(), 'private-kafka-cluster-'));
  const dispose = async () => {
    await stopKafkaCluster({ root, kill: true });
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const cluster = await startKafkaCluster({
      root,
      ports: ports.slice(0, size),
      controllerPorts: ports.slice(size),
    });
    return {
      brokers: cluster.brokers,
      nodes: cluster.nodes.map(({ nodeId, port }) => ({ nodeId, port })),
      kill: async (nodeId) => {
        await stopKafkaNode({ root, nodeId, kill: true });
      },
      start: async (nodeId) => {
        await startKafkaNode({ root, nodeId });
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
