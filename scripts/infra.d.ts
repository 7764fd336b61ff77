/** Types for scripts/infra.js, so TypeScript tests can start and stop their own broker. */

export interface StartedInfrastructure {
  kafka: { dataDir: string; pid: number } | null;
  postgres: { kind: 'cluster'; version: string; name: string } | { kind: 'embedded'; dataDir: string } | null;
}

export interface Infrastructure {
  kafkaBrokers: string;
  databaseUrl: string;
  started: StartedInfrastructure;
}

export interface KafkaBrokerOptions {
  port: number;
  /** Defaults to port + 1. */
  controllerPort?: number;
  /** Holds the broker's config, data, pid file and (by default) log; reuse it to restart with the same data. */
  dataDir: string;
  logFile?: string;
  timeoutMs?: number;
  log?: (message: string) => void;
}

export interface RunningKafkaBroker {
  pid: number;
  brokers: string;
  dataDir: string;
  logFile: string;
  /** False when a broker for this dataDir was already running. */
  started: boolean;
}

export const KAFKA_VERSION: string;
export function ensureInfrastructure(options?: { quiet?: boolean }): Promise<Infrastructure>;
export function stopInfrastructure(
  started: StartedInfrastructure,
  options?: { log?: (message: string) => void },
): Promise<void>;
export function startKafkaBroker(options: KafkaBrokerOptions): Promise<RunningKafkaBroker>;
export function stopKafkaBroker(options: {
  dataDir?: string;
  pid?: number;
  timeoutMs?: number;
}): Promise<{ stopped: boolean; pid: number | null }>;
export function kafkaAnswers(brokers: string | string[], timeoutMs?: number): Promise<boolean>;
/**
 * Waits until the broker process `pid` answers on `brokers`; past `timeoutMs` it waits on (up to 10 min)
 * only while `logFile` is still being written (a broker loading many partitions), else it throws.
 */
export function waitUntilReady(
  broker: { pid: number; exit: { code?: number | string } },
  brokers: string,
  logFile: string,
  timeoutMs: number,
  options?: { stillMs?: number },
): Promise<void>;
export function postgresAnswers(url: string, timeoutMs?: number): Promise<boolean>;
export function freePort(): Promise<number>;

export interface KafkaClusterNode {
  nodeId: number;
  port: number;
  dataDir: string;
  pid: number;
  /** False when the node was already running. */
  started: boolean;
}

export function startKafkaCluster(options: {
  /** Holds the cluster's layout and one directory per node; reuse it to restart with the same data. */
  root: string;
  ports: number[];
  controllerPorts: number[];
  log?: (message: string) => void;
}): Promise<{ brokers: string; nodes: KafkaClusterNode[] }>;
export function stopKafkaCluster(options: {
  root: string;
  kill?: boolean;
  timeoutMs?: number;
}): Promise<Array<{ nodeId: number; port: number; stopped: boolean; pid: number | null }>>;
export function startKafkaNode(options: {
  root: string;
  nodeId: number;
  log?: (message: string) => void;
}): Promise<RunningKafkaBroker>;
export function stopKafkaNode(options: {
  root: string;
  nodeId: number;
  kill?: boolean;
}): Promise<{ stopped: boolean; pid: number | null }>;
