import os from 'node:os';
import { Client } from 'pg';
import { ensureInfrastructure, stopInfrastructure } from '../scripts/infra';
import { intake } from './scenarios/intake.scenario';
import { latency } from './scenarios/latency.scenario';
import { processRun } from './scenarios/process-run.scenario';
import { projectionCatchUp } from './scenarios/projection-catch-up.scenario';
import { scaling } from './scenarios/scaling.scenario';
import { BenchOptions, ScenarioName, USAGE, parseBenchOptions } from './support/bench-options';
import { BenchRun } from './support/bench-run';
import { nowMs } from './support/measure';
import { ResultRow, ScenarioResult, machine, markdownTable, writeResults } from './support/report';
import { ScenarioContext } from './support/scenario-context';

type Scenario = (context: ScenarioContext) => Promise<ScenarioResult>;

const SCENARIOS: Record<ScenarioName, Scenario> = {
  projection: projectionCatchUp,
  'process-run': processRun,
  scaling,
  intake,
  latency,
};

const log = (message: string) => process.stdout.write(`${message}\n`);

async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SHOW server_version');
    return `PostgreSQL ${rows[0].server_version}`;
  } finally {
    await client.end();
  }
}

function failedRow(name: ScenarioName, error: unknown): ResultRow {
  const message = error instanceof Error ? error.message : String(error);
  return {
    scenario: name,
    figure: `FAILED: ${message.split('\n')[0].slice(0, 160)}`,
    measured: '',
    baseline: '',
    ratio: null,
    target: '',
    met: false,
  };
}

async function runScenarios(options: BenchOptions, run: BenchRun): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const context: ScenarioContext = { run, options, log };
  for (const name of options.only) {
    const started = nowMs();
    const loadBefore = os.loadavg()[0];
    log(`\n▶ ${name}`);
    let result: ScenarioResult;
    try {
      result = await SCENARIOS[name](context);
    } catch (error) {
      log(`  ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      result = { scenario: name, rows: [failedRow(name, error)], raw: { error: String(error) } };
    }
    // Other work on the machine skews absolute figures (less so the ratios): keep it on record.
    const loadAverage = { before: loadBefore, after: os.loadavg()[0] };
    results.push({ ...result, raw: { ...result.raw, seconds: (nowMs() - started) / 1000, loadAverage } });
    log(
      `  (${((nowMs() - started) / 1000).toFixed(0)} s, load average ${loadBefore.toFixed(1)} → ${loadAverage.after.toFixed(1)})`,
    );
  }
  return results;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    log(USAGE);
    return 0;
  }
  const options = parseBenchOptions(args);
  const started = nowMs();
  const infrastructure = await ensureInfrastructure({ quiet: true });
  const run = new BenchRun(infrastructure.databaseUrl, infrastructure.kafkaBrokers, log);
  const interrupted = async () => {
    log('\ninterrupted: cleaning up');
    await run.cleanUp();
    await stopInfrastructure(infrastructure.started);
    process.exit(130);
  };
  process.once('SIGINT', () => void interrupted());
  process.once('SIGTERM', () => void interrupted());
  try {
    const about = machine(await postgresVersion(infrastructure.databaseUrl));
    log(
      `bench run ${run.id}: ${options.sizeLabel} sizes, seed ${options.seed}, ` +
        `${about.cpus} × ${about.cpuModel}, load average ${about.loadAverageAtStart}`,
    );
    const results = await runScenarios(options, run);
    log(`\n${markdownTable(results.flatMap((result) => result.rows))}\n`);
    const file = writeResults(options, about, results, nowMs() - started);
    log(`results: ${file} (${((nowMs() - started) / 1000).toFixed(0)} s in all)`);
    return results.some((result) => 'error' in result.raw) ? 1 : 0;
  } finally {
    await run.cleanUp();
    await stopInfrastructure(infrastructure.started);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
