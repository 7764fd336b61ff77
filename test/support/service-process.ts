import { ChildProcess, spawn } from 'child_process';
import { closeSync, openSync } from 'fs';
import { tailOf } from './log-tail';
import { REPOSITORY_ROOT, SERVICE_ENTRY_POINTS } from './service-build';

export type ServiceName = keyof typeof SERVICE_ENTRY_POINTS;

export interface ServiceProcessOptions {
  readonly service: ServiceName;
  readonly port: number;
  /** The service's whole environment besides PATH and HOME (it sees nothing else of the test's). */
  readonly env: Readonly<Record<string, string>>;
  /** Both output streams, appended across restarts. */
  readonly logFile: string;
  readonly readyTimeoutMs?: number;
}

/** docs/product.md 5.3: a stopping instance finishes within 30 s; past that it is killed. */
export const STOP_GRACE_MS = 30_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function answersReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** One service as operators run it: `node dist/apps/<service>/main.js`, configured by environment. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly options: ServiceProcessOptions) {}

  get name(): ServiceName {
    return this.options.service;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get logFile(): string {
    return this.options.logFile;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  logTail(lines = 40): string {
    return `--- last ${lines} lines of ${this.name} (${this.logFile}) ---\n${tailOf(this.logFile, lines)}`;
  }

  /** Spawns the process and resolves once `/health/ready` answers 200 (database and Kafka up). */
  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    const log = openSync(this.options.logFile, 'a');
    const child = spawn(process.execPath, [SERVICE_ENTRY_POINTS[this.name]], {
      cwd: REPOSITORY_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...this.options.env },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', () => done()));
    await this.waitUntilReady(child);
  }

  /** SIGTERM, then SIGKILL when it has not exited after the grace period. Returns how it ended. */
  async stop(graceMs = STOP_GRACE_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (child === null) return { code: null, signal: null };
    if (this.running) {
      child.kill('SIGTERM');
      const killed = sleep(graceMs).then(() => 'timeout' as const);
      if ((await Promise.race([this.exited, killed])) === 'timeout') {
        child.kill('SIGKILL');
        await this.exited;
      }
    }
    this.child = null;
    return { code: child.exitCode, signal: child.signalCode };
  }

  /** SIGKILL, as a crashed machine: no shutdown hooks run. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === null) return;
    if (this.running) {
      child.kill('SIGKILL');
      await this.exited;
    }
    this.child = null;
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const timeoutMs = this.options.readyTimeoutMs ?? 90_000;
    const deadline = Date.now() + timeoutMs;
    const readyUrl = `${this.baseUrl}/health/ready`;
    while (!(await answersReady(readyUrl))) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `${this.name} exited (${child.exitCode ?? child.signalCode}) before it was ready\n${this.logTail()}`,
        );
      }
      if (Date.now() > deadline) {
        await this.stop(5000);
        throw new Error(`${this.name} was not ready within ${timeoutMs} ms\n${this.logTail()}`);
      }
      await sleep(250);
    }
  }
}
