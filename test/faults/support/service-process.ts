import { ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../../scripts/infra';
import { REPOSITORY_ROOT, SERVICE_ENTRY_POINTS, ServiceName } from '../../support';

/** What a service needs to know about its surroundings; everything else keeps its default. */
export interface ServiceEnvironment {
  readonly databaseUrl: string;
  readonly brokers: string;
  readonly topicPrefix: string;
  /** Further variables, e.g. a shorter lease. */
  readonly extra?: Readonly<Record<string, string>>;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const OUTPUT_LINES_KEPT = 400;
const READY_TIMEOUT_MS = 90_000;
const COLOUR_CODES = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * One service as it is deployed: `node dist/apps/<service>/main.js` (built by the e2e harness's
 * `ensureServicesBuilt`) in a process of its own, configured by environment only, on a free port.
 * Unlike the e2e harness's process it can be sent any signal (SIGKILL included) and started under
 * several names at once (replicas). Its output is kept (the last lines) so a failing test can show
 * what the service said; with FAULT_LOG_DIR set, all of it is also written to `<dir>/<name>-<pid>.log`
 * (for chasing a failure that the last lines do not explain).
 */
export class ServiceProcess {
  readonly url: string;
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private logPath: string | null | undefined;
  private readonly exit: Promise<Exit>;
  private exitedWith: Exit | null = null;

  private constructor(
    readonly name: string,
    readonly port: number,
    bundle: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.child = spawn(process.execPath, [bundle], {
      cwd: REPOSITORY_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => this.keep(chunk));
    }
    this.exit = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exitedWith = { code, signal };
        resolve(this.exitedWith);
      });
    });
  }

  /** Starts a service and waits until it is ready (database and Kafka reachable). */
  static async start(
    service: ServiceName,
    name: string,
    environment: ServiceEnvironment,
  ): Promise<ServiceProcess> {
    const port = await freePort();
    const portVariable = service === 'contracts' ? 'CONTRACTS_PORT' : 'INVOICING_PORT';
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'log',
      DATABASE_URL: environment.databaseUrl,
      KAFKA_BROKERS: environment.brokers,
      KAFKA_TOPIC_PREFIX: environment.topicPrefix,
      [portVariable]: String(port),
      ...environment.extra,
    };
    const sut = new ServiceProcess(name, port, SERVICE_ENTRY_POINTS[service], env);
    await sut.waitUntilReady();
    return sut;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exitedWith === null;
  }

  /** The last lines the service wrote, prefixed with its name. */
  output(lastLines = 60): string {
    return this.lines
      .slice(-lastLines)
      .map((line) => `[${this.name}] ${line}`)
      .join('\n');
  }

  /** Whether the service has written a line matching `pattern` (in the lines kept). */
  said(pattern: RegExp): boolean {
    return this.lineMatching(pattern) !== null;
  }

  /** The match of the first line kept that matches `pattern`. */
  lineMatching(pattern: RegExp): RegExpExecArray | null {
    for (const line of this.lines) {
      const match = pattern.exec(line);
      if (match !== null) return match;
    }
    return null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Resolves how the process ended, or rejects after `timeoutMs`. */
  async exited(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} still runs after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exit, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; for clean-up. */
  async stop(graceMs = 35_000): Promise<void> {
    if (!this.running) return;
    this.signal('SIGTERM');
    try {
      await this.exited(graceMs);
    } catch {
      this.signal('SIGKILL');
      await this.exit;
    }
  }

  async getJson<T>(route: string): Promise<T> {
    const response = await fetch(`${this.url}${route}`, { signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${this.name} GET ${route}: ${response.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  /** A JSON write; resolves the status and parsed body whatever the status. */
  async send<T = unknown>(
    method: string,
    route: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** Like `send`, but anything other than `expected` is an error naming the answer. */
  async expectSend<T = unknown>(method: string, route: string, body: unknown, expected: number): Promise<T> {
    const answer = await this.send<T>(method, route, body);
    if (answer.status !== expected) {
      throw new Error(`${this.name} ${method} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }

  /** A counter or gauge from `/metrics`, summed over its label sets (0 when the service has none). */
  async metric(name: string): Promise<number> {
    const response = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(
          `${this.name} exited (${JSON.stringify(this.exitedWith)}) while starting:\n${this.output()}`,
        );
      }
      try {
        const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await this.stop(5_000);
    throw new Error(`${this.name} not ready within ${READY_TIMEOUT_MS} ms:\n${this.output()}`);
  }

  /** The file FAULT_LOG_DIR asks for (its directory made on first use), or null without it. */
  private logFile(): string | null {
    if (this.logPath === undefined) {
      const logDir = process.env.FAULT_LOG_DIR;
      if (logDir) mkdirSync(logDir, { recursive: true });
      this.logPath = logDir ? join(logDir, `${this.name}-${this.child.pid}.log`) : null;
    }
    return this.logPath;
  }

  private keep(chunk: string): void {
    const file = this.logFile();
    if (file !== null) appendFileSync(file, chunk);
    // Without colour codes, so that `said` can match the text.
    for (const line of chunk.replace(COLOUR_CODES, '').split('\n')) {
      if (line.trim() === '') continue;
      this.lines.push(line);
      if (this.lines.length > OUTPUT_LINES_KEPT) this.lines.shift();
    }
  }
}
