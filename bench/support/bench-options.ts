/** What `npm run bench -- <flags>` asks for: which scenarios, at which sizes, with which seed. */
export const SCENARIO_NAMES = ['projection', 'process-run', 'scaling', 'intake', 'latency'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface ProcessRunSize {
  readonly contracts: number;
  /** Time-and-material lines per contract. */
  readonly linesPerContract: number;
  readonly transactionsPerLine: number;
}

export interface BenchSizes {
  readonly projection: { readonly events: number; readonly contracts: number };
  readonly processRun: ProcessRunSize;
  /** The scaling scenario runs the process run at this size (1×) and at 4×. */
  readonly scalingBase: ProcessRunSize;
  readonly intake: {
    readonly transactions: number;
    readonly perRequest: number;
    readonly contracts: number;
    readonly connections: number;
  };
  readonly latency: {
    /** Length of each phase: single-transaction writes, then batched writes. */
    readonly seconds: number;
    readonly ratePerSecond: number;
    readonly contracts: number;
    /** Transactions per request in the batched phase. */
    readonly batchPerRequest: number;
  };
}

export interface BenchOptions {
  readonly only: readonly ScenarioName[];
  readonly sizes: BenchSizes;
  /** `default`, `full` (the sizes) or `scaled ×<factor>`. */
  readonly sizeLabel: string;
  readonly seed: number;
  /** Run the services from `dist/` (after `npm run build`) instead of from source. */
  readonly built: boolean;
  /** Print each service's warnings and errors. */
  readonly verbose: boolean;
}

/**
 * Chosen so that `npm run bench` finishes in under 10 minutes on a 2-core machine that also runs
 * Kafka and PostgreSQL, while every measured phase still lasts long enough (seconds, not
 * milliseconds) for its ratio to mean something. The process run is a tenth of the size,
 * with the same shape (2 lines per contract, 50 transactions per line). The scaling scenario's 1×
 * is the process run's size (measured once for both): smaller runs end before the service's
 * memory has levelled off (at 250 contracts it has not, at 1,000 it has), which would make any
 * run look like it grows.
 */
export const DEFAULT_SIZES: BenchSizes = {
  projection: { events: 200_000, contracts: 2_000 },
  processRun: { contracts: 1_000, linesPerContract: 2, transactionsPerLine: 50 },
  scalingBase: { contracts: 1_000, linesPerContract: 2, transactionsPerLine: 50 },
  intake: { transactions: 60_000, perRequest: 100, contracts: 200, connections: 10 },
  latency: { seconds: 20, ratePerSecond: 500, contracts: 100, batchPerRequest: 10 },
};

/** Issue 5's sizes: 1,000,000 events; 10,000 contracts, 20,000 lines, 1,000,000 transactions. */
export const FULL_SIZES: BenchSizes = {
  projection: { events: 1_000_000, contracts: 10_000 },
  processRun: { contracts: 10_000, linesPerContract: 2, transactionsPerLine: 50 },
  scalingBase: { contracts: 10_000, linesPerContract: 2, transactionsPerLine: 50 },
  intake: { transactions: 500_000, perRequest: 100, contracts: 1_000, connections: 10 },
  latency: { seconds: 60, ratePerSecond: 500, contracts: 200, batchPerRequest: 10 },
};

export const USAGE = `usage: npm run bench -- [--only ${SCENARIO_NAMES.join(',')}] [--full | --scale <factor>]
                        [--seed <n>] [--built] [--verbose]
  --only      scenarios to run, comma-separated (default: all)
  --full      the issue's sizes (1,000,000 events; 10,000 contracts / 1,000,000 transactions); ~30+ minutes
  --scale     multiplies the default counts (not the latency rate), e.g. --scale 0.1 for a smoke run
  --seed      seed of the data generators (default 5)
  --built     run dist/apps/*/main.js (npm run build first) instead of the TypeScript sources
  --verbose   show the services' warnings and errors`;

function scaled(size: number, factor: number, minimum = 1): number {
  return Math.max(minimum, Math.round(size * factor));
}

function scaledRun(size: ProcessRunSize, factor: number): ProcessRunSize {
  return { ...size, contracts: scaled(size.contracts, factor, 4) };
}

export function scaleSizes(sizes: BenchSizes, factor: number): BenchSizes {
  const { projection, intake, latency } = sizes;
  return {
    projection: {
      events: scaled(projection.events, factor, 1_000),
      contracts: scaled(projection.contracts, factor, 10),
    },
    processRun: scaledRun(sizes.processRun, factor),
    scalingBase: scaledRun(sizes.scalingBase, factor),
    intake: {
      ...intake,
      transactions: scaled(intake.transactions, factor, intake.perRequest * intake.connections),
      contracts: scaled(intake.contracts, factor, intake.connections),
    },
    latency: { ...latency, seconds: scaled(latency.seconds, factor, 5) },
  };
}

function valueOf(args: readonly string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  if (index === -1) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
  return value;
}

function positiveNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} must be a positive number`);
  return value;
}

function parseOnly(text: string | undefined): ScenarioName[] {
  if (text === undefined) return [...SCENARIO_NAMES];
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(SCENARIO_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}\n${USAGE}`);
  return SCENARIO_NAMES.filter((name) => names.includes(name));
}

const KNOWN_FLAGS = ['--only', '--full', '--scale', '--seed', '--built', '--verbose', '--help'];

export function parseBenchOptions(args: readonly string[]): BenchOptions {
  const unknown = args.filter((arg) => arg.startsWith('--') && !KNOWN_FLAGS.includes(arg));
  if (unknown.length > 0) throw new Error(`unknown flag ${unknown.join(', ')}\n${USAGE}`);
  const full = args.includes('--full');
  const scaleText = valueOf(args, '--scale');
  if (full && scaleText !== undefined) throw new Error('--full and --scale exclude each other');
  const factor = scaleText === undefined ? 1 : positiveNumber(scaleText, '--scale');
  const seedText = valueOf(args, '--seed');
  return {
    only: parseOnly(valueOf(args, '--only')),
    sizes: full ? FULL_SIZES : scaleSizes(DEFAULT_SIZES, factor),
    sizeLabel: full ? 'full' : factor === 1 ? 'default' : `scaled ×${factor}`,
    seed: seedText === undefined ? 5 : Math.floor(positiveNumber(seedText, '--seed')),
    built: args.includes('--built'),
    verbose: args.includes('--verbose'),
  };
}

export function transactionsOf(size: ProcessRunSize): number {
  return size.contracts * size.linesPerContract * size.transactionsPerLine;
}

export function sameRunSize(a: ProcessRunSize, b: ProcessRunSize): boolean {
  return (
    a.contracts === b.contracts &&
    a.linesPerContract === b.linesPerContract &&
    a.transactionsPerLine === b.transactionsPerLine
  );
}
