import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../../scripts/infra';

/** A PostgreSQL server of one test file's own, which the test may stop, crash and start again. */
export interface PrivatePostgres {
  readonly port: number;
  /** Connection URL of `database` on this server (trust authentication, user postgres). */
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  /** A clean shutdown (`pg_ctl stop -m fast`): sessions are ended, then the server stops. */
  stop(): Promise<void>;
  /** A crash (`pg_ctl stop -m immediate`): the server dies without a checkpoint and recovers at start. */
  crash(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data directory. */
  dispose(): Promise<void>;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Debian's server binaries (`/usr/lib/postgresql/<version>/bin`), the newest version installed. */
function binDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin', 'pg_ctl')))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server binaries under ${base}`);
  const newest = versions.sort((a, b) => Number(a) - Number(b)).at(-1)!;
  return path.join(base, newest, 'bin');
}

/** PostgreSQL refuses to run as root: as root, its binaries run as the `postgres` account. */
function serverCommand(binary: string, args: readonly string[]): [string, string[]] {
  const command = path.join(binDir(), binary);
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
}

function run(binary: string, args: readonly string[]): Promise<string> {
  const [command, commandArgs] = serverCommand(binary, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${binary} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

function logTail(logFile: string): string {
  return existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
}

/**
 * Initialises a cluster in a fresh directory under the temp dir and starts it on a free loopback
 * port (no Unix socket, trust authentication). A few seconds; use the shared DATABASE_URL unless the
 * test must stop or crash the server.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const root = mkdtempSync(path.join(tmpdir(), 'private-postgres-'));
  // The postgres account must reach the data directory inside this one.
  chmodSync(root, 0o755);
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'server.log');
  if (isRoot()) {
    const owned = spawnSync('chown', ['postgres', root]);
    if (owned.status !== 0) throw new Error(`could not hand ${root} to the postgres account`);
  }
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const start = async () => {
    try {
      await run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']);
    } catch (error) {
      throw new Error(`${String(error)}\n${logTail(logFile)}`);
    }
  };
  const stopWith = (mode: 'fast' | 'immediate') => async () => {
    await run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  };
  const stop = stopWith('fast');
  try {
    await run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C']);
    // Durability settings off: a test server that loses data in a machine crash loses nothing of value,
    // and a crash of the server process alone (what the tests inject) still recovers from the WAL.
    const settings = [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = ''`,
      'fsync = off',
      'full_page_writes = off',
      'max_connections = 200',
    ];
    appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n${settings.join('\n')}\n`);
    await start();
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url,
    createDatabase: async (name) => {
      const client = new Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
    crash: stopWith('immediate'),
    start,
    dispose: async () => {
      await stop().catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
