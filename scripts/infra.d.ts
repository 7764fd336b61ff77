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
export function postgresAnswers(url: string, timeoutMs?: number): Promise<boolean>;
export function freePort(): Promise<number>;
