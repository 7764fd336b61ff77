import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchOptions } from './bench-options';

/** One line of the results table: a figure, the baseline measured in the same run, their ratio. */
export interface ResultRow {
  readonly scenario: string;
  readonly figure: string;
  readonly measured: string;
  readonly baseline: string;
  /** measured ÷ baseline, in the direction the target reads (throughput: higher is better). */
  readonly ratio: number | null;
  readonly target: string;
  /** null: informational, no target. */
  readonly met: boolean | null;
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly rows: readonly ResultRow[];
  /** Raw numbers for the JSON file (rates, milliseconds, bytes, counts). */
  readonly raw: Readonly<Record<string, unknown>>;
}

export function rate(perSecond: number, unit: string): string {
  return `${Math.round(perSecond).toLocaleString('en-US')} ${unit}/s`;
}

export function ms(value: number): string {
  return `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} ms`;
}

export function seconds(valueMs: number): string {
  return `${(valueMs / 1000).toFixed(1)} s`;
}

export function mib(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;
}

export function ratioText(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? '' : `${ratio.toFixed(2)}×`;
}

function metText(met: boolean | null): string {
  return met === null ? '' : met ? 'yes' : 'NO';
}

const HEADER = ['scenario', 'figure', 'measured', 'baseline (same run)', 'ratio', 'target', 'met'];

function cells(row: ResultRow): string[] {
  return [
    row.scenario,
    row.figure,
    row.measured,
    row.baseline,
    ratioText(row.ratio),
    row.target,
    metText(row.met),
  ];
}

/** The table as a Markdown table (the README's Performance section shows the same). */
export function markdownTable(rows: readonly ResultRow[]): string {
  const lines = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  const format = (line: string[]) => `| ${line.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const rule = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  return [format(HEADER), rule, ...lines.slice(1).map(format)].join('\n');
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly postgres: string;
  /** The 1-minute load average when the run started: other work on the machine skews absolute figures. */
  readonly loadAverageAtStart: number;
}

export function machine(postgres: string): Machine {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    postgres,
    loadAverageAtStart: Number(os.loadavg()[0].toFixed(2)),
  };
}

/** Writes bench/results/<date>.json (gitignored); returns its path. */
export function writeResults(
  options: BenchOptions,
  about: Machine,
  results: readonly ScenarioResult[],
  elapsedMs: number,
): string {
  const directory = path.resolve(__dirname, '..', 'results');
  mkdirSync(directory, { recursive: true });
  const stamp = new Date().toISOString().replace(/:/g, '-').replace(/\..+$/, '');
  const file = path.join(directory, `${stamp}.json`);
  const document = {
    date: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    sizes: options.sizeLabel,
    seed: options.seed,
    built: options.built,
    machine: about,
    elapsedSeconds: Math.round(elapsedMs / 1000),
    options: { only: options.only, sizes: options.sizes },
    rows: results.flatMap((result) => result.rows),
    raw: Object.fromEntries(results.map((result) => [result.scenario, result.raw])),
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}
