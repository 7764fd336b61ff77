import { spawn } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { tailOf } from './log-tail';

export const REPOSITORY_ROOT = resolve(__dirname, '..', '..');

export const SERVICE_ENTRY_POINTS = {
  contracts: join(REPOSITORY_ROOT, 'dist', 'apps', 'contracts', 'main.js'),
  invoicing: join(REPOSITORY_ROOT, 'dist', 'apps', 'invoicing', 'main.js'),
} as const;

/** What the bundles are made of; tests and the in-source testing helpers are not bundled. */
const SOURCE_ROOTS = ['apps', 'libs'].map((folder) => join(REPOSITORY_ROOT, folder));
const BUILD_FILES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
];
const NOT_BUNDLED = /(\.spec\.ts|\.int-spec\.ts|\.e2e-spec\.ts)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'test', 'testing']);

/** `npm run build` takes one to two minutes on a 2-core machine; another worker may be building. */
const BUILD_TIMEOUT_MS = 300_000;
const STALE_LOCK_MS = BUILD_TIMEOUT_MS + 30_000;

function newestMtime(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return NOT_BUNDLED.test(path) ? 0 : stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (SKIPPED_FOLDERS.has(entry)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function sourcesMtime(): number {
  const files = BUILD_FILES.map((file) => join(REPOSITORY_ROOT, file)).filter(existsSync);
  return Math.max(...[...SOURCE_ROOTS, ...files].map(newestMtime));
}

function bundlesMtime(): number {
  const bundles = Object.values(SERVICE_ENTRY_POINTS);
  if (!bundles.every(existsSync)) return 0;
  return Math.min(...bundles.map((bundle) => statSync(bundle).mtimeMs));
}

/** True when both bundles exist and are newer than every source they are built from. */
export function bundlesAreFresh(): boolean {
  return bundlesMtime() > sourcesMtime();
}

/** One lock per work tree, so the jest workers of one run build once. */
const lockPath = join(
  tmpdir(),
  `project-invoicing-build-${createHash('sha1').update(REPOSITORY_ROOT).digest('hex').slice(0, 12)}.lock`,
);

function holderIsGone(): boolean {
  try {
    const holder = Number(readFileSync(lockPath, 'utf8'));
    if (Number.isInteger(holder) && holder > 0) process.kill(holder, 0);
    return Date.now() - statSync(lockPath).mtimeMs > STALE_LOCK_MS;
  } catch (error) {
    // ESRCH: the process that took the lock has died; ENOENT: the lock is gone already.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function tryLock(): boolean {
  try {
    writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    if (holderIsGone()) rmSync(lockPath, { force: true });
    return false;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function runBuild(): Promise<void> {
  const logFile = join(tmpdir(), `project-invoicing-build-${process.pid}.log`);
  return new Promise((done, fail) => {
    const output: string[] = [];
    const child = spawn('npm', ['run', 'build'], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a build that hangs is killed with the compilers npm started.
      detached: true,
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), BUILD_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      writeFileSync(logFile, output.join(''));
      if (code === 0) done();
      else fail(new Error(`npm run build exited with ${code} (log ${logFile}):\n${tailOf(logFile, 40)}`));
    });
  });
}

/**
 * The jest run this process belongs to: workers are children of the jest process. Once one worker
 * of a run has built or found fresh bundles, the run keeps them, so a source edited while the run
 * goes on never rebuilds `dist/` under a service another test file is about to (re)start.
 */
const runMarkerPath = `${lockPath}.run`;
// A forked worker talks to the jest process over IPC; in band, the test runs in the jest process.
const thisRun = String(process.send === undefined ? process.pid : process.ppid);

function settledForThisRun(): boolean {
  try {
    return readFileSync(runMarkerPath, 'utf8') === thisRun && bundlesMtime() > 0;
  } catch {
    return false;
  }
}

/**
 * Builds both services with `npm run build` when `dist/` is missing or older than the sources.
 * Workers of one jest run race for a lock file: the winner builds; the others wait for it and use
 * what it built.
 */
export async function ensureServicesBuilt(): Promise<void> {
  if (settledForThisRun()) return;
  const deadline = Date.now() + STALE_LOCK_MS + 60_000;
  while (!tryLock()) {
    if (Date.now() > deadline) throw new Error(`the service build did not finish (lock ${lockPath})`);
    await sleep(1000);
    if (settledForThisRun()) return;
  }
  try {
    if (!bundlesAreFresh()) await runBuild();
    writeFileSync(runMarkerPath, thisRun);
  } finally {
    rmSync(lockPath, { force: true });
  }
}
