import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/infra';
import { BenchOptions } from './bench-options';
import { BenchRun } from './bench-run';
import { ServiceName, ServiceProcess } from './service-process';

export const PROFILE_DIR = path.join(os.tmpdir(), 'project-invoicing-bench-profiles');

/** What every scenario gets: the run (databases, topics, clean-ups), the options and a logger. */
export interface ScenarioContext {
  readonly run: BenchRun;
  readonly options: BenchOptions;
  readonly log: (message: string) => void;
}

export interface ServiceStart {
  readonly databaseUrl: string;
  readonly topicPrefix: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts a service process on a free port, stopped at the end of the run if the scenario does not. */
export async function startService(
  context: ScenarioContext,
  service: ServiceName,
  start: ServiceStart,
): Promise<ServiceProcess> {
  // BENCH_CPU_PROF=contracts|invoicing writes V8 CPU profiles of that service when it stops.
  const profile = process.env.BENCH_CPU_PROF === service;
  const started = await ServiceProcess.start({
    service,
    port: await freePort(),
    brokers: context.run.brokers,
    built: context.options.built,
    verbose: context.options.verbose,
    nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
    ...start,
  });
  context.run.onCleanup(`${service} process ${started.pid}`, () => started.stop());
  return started;
}
