import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pollUntil, sleep } from './measure';

export type ServiceName = 'contracts' | 'invoicing';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER = path.join(ROOT, 'bench', 'typescript-register.js');
/** The key every benchmark request carries: write endpoints require one, as in production. */
export const BENCH_API_KEY = 'bench-api-key';
/** Nest colours its log lines; the escape character is built, not written, to keep lint quiet. */
const ANSI_COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export interface ServiceProcessOptions {
  readonly service: ServiceName;
  readonly port: number;
  readonly databaseUrl: string;
  readonly brokers: string;
  readonly topicPrefix: string;
  /** Run `dist/apps/<service>/main.js` instead of the TypeScript sources. */
  readonly built: boolean;
  readonly verbose: boolean;
  readonly env?: Readonly<Record<string, string>>;
  /** Extra node flags, e.g. `--cpu-prof` to profile a scenario. */
  readonly nodeArgs?: readonly string[];
}

/**
 * A service as it is deployed: its own `node` process, configured by environment only, on
 * 127.0.0.1. Memory is read from /proc: the peak resident set (VmHWM) since the last
 * {@link resetPeakMemory}, which is what "peak RSS" of a phase means.
 */
export class ServiceProcess {
  readonly url: string;
  private readonly child: ChildProcess;
  private readonly output: string[] = [];
  private exited = false;

  private constructor(private readonly options: ServiceProcessOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
    const entry = options.built
      ? [path.join(ROOT, 'dist', 'apps', options.service, 'main.js')]
      : ['-r', REGISTER, path.join(ROOT, 'apps', options.service, 'src', 'main.ts')];
    const portVariable = options.service === 'contracts' ? 'CONTRACTS_PORT' : 'INVOICING_PORT';
    this.child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        API_KEYS: BENCH_API_KEY,
        DATABASE_URL: options.databaseUrl,
        KAFKA_BROKERS: options.brokers,
        KAFKA_TOPIC_PREFIX: options.topicPrefix,
        [portVariable]: String(options.port),
        // For experiments, e.g. BENCH_SERVICE_NODE_OPTIONS=--max-semi-space-size=32 npm run bench.
        ...(process.env.BENCH_SERVICE_NODE_OPTIONS
          ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS }
          : {}),
        ...options.env,
      },
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => this.keep(chunk));
    }
    this.child.once('exit', () => (this.exited = true));
  }

  static async start(options: ServiceProcessOptions): Promise<ServiceProcess> {
    const service = new ServiceProcess(options);
    try {
      await service.waitUntilReady();
      return service;
    } catch (error) {
      await service.stop();
      throw error;
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The resident set now, in bytes. */
  residentBytes(): number {
    return this.statusField('VmRSS');
  }

  /** The largest resident set since the last reset (or since start), in bytes. */
  peakResidentBytes(): number {
    return this.statusField('VmHWM');
  }

  /**
   * CPU time the process has used so far (user + system), in ms: per unit of work it is steadier
   * than wall time on a machine other work also loads.
   */
  cpuMs(): number {
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }

  /** Starts a new peak-memory window (Linux: writing 5 to clear_refs resets VmHWM). */
  resetPeakMemory(): void {
    writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
  }

  /** SIGTERM, as an orchestrator stops it; SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 20_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(killer);
  }

  /** The service's last distinct logged errors (its log level is warn), to explain failed requests. */
  recentErrors(count = 5): string[] {
    const lines = this.output.join('').replace(ANSI_COLOURS, '').split('\n');
    const errors = lines.filter((line) => /ERROR/.test(line)).map((line) => line.replace(/^.*?ERROR\s+/, ''));
    return [...new Set(errors)].slice(-count);
  }

  /** The service's last lines of output, for a failure message. */
  recentOutput(): string {
    return this.output.join('').split('\n').slice(-30).join('\n');
  }

  private keep(chunk: string): void {
    if (this.options.verbose) process.stderr.write(`[${this.options.service}] ${chunk}`);
    this.output.push(chunk);
    if (this.output.length > 500) this.output.shift();
  }

  private async waitUntilReady(): Promise<void> {
    await pollUntil(
      `${this.options.service} to be ready at ${this.url}`,
      async () => {
        if (this.exited) throw new Error(`${this.options.service} exited:\n${this.recentOutput()}`);
        return (await this.answersReady()) ? true : undefined;
      },
      { intervalMs: 250, timeoutMs: 180_000 },
    );
  }

  private async answersReady(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2000) });
      return response.status === 200;
    } catch {
      await sleep(0);
      return false;
    }
  }

  private statusField(field: 'VmRSS' | 'VmHWM'): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc/${this.pid}/status`);
    return Number(match[1]) * 1024;
  }
}
