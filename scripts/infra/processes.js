/** Process and file helpers shared by the infrastructure scripts (plain Node, no dependencies). */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a command to completion; resolves with its exit code and combined output (never rejects on exit code). */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk) => {
      output += chunk;
      if (options.logFile) fs.appendFileSync(options.logFile, chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code === null ? 1 : code, output }));
  });
}

/** True when `command` can be found on PATH (or is an existing absolute path). */
function commandExists(command) {
  if (command.includes('/')) return fs.existsSync(command);
  const dirs = (process.env.PATH || '').split(':').filter(Boolean);
  return dirs.some((dir) => {
    try {
      fs.accessSync(`${dir}/${command}`, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** A zombie counts as gone: it holds no port and no files, it only waits to be reaped. */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** The argument vector of a running process, or null when it is gone or cannot be read. */
function commandLineOf(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    // No /proc (macOS): ps gives the arguments joined by spaces, which is enough for our checks.
    const result = spawnSync('ps', ['-p', String(pid), '-o', 'args='], { encoding: 'utf8' });
    const line = (result.stdout || '').trim();
    return line ? line.split(/\s+/) : null;
  }
}

async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** SIGTERM, wait for a clean exit, SIGKILL only if the process ignores us for `timeoutMs`. */
async function terminate(pid, timeoutMs = 30000) {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  if (await waitForExit(pid, timeoutMs)) return;
  process.kill(pid, 'SIGKILL');
  await waitForExit(pid, 10000);
}

/** SIGKILL, and wait until the process is gone. */
async function killNow(pid, timeoutMs = 10000) {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGKILL');
  await waitForExit(pid, timeoutMs);
}

function readPid(pidFile) {
  try {
    const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}

/** Resolves true when nothing listens on 127.0.0.1:port. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function isOlderThan(file, ms) {
  try {
    return Date.now() - fs.statSync(file).mtimeMs > ms;
  } catch {
    return false;
  }
}

/**
 * Runs `fn` while holding an exclusive lock file, so two `up`s (or two jest runs) never start the same
 * broker twice. A lock left by a dead process is taken over.
 */
async function withLock(lockFile, fn, timeoutMs = 180000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = readPid(lockFile);
      if (holder === null ? isOlderThan(lockFile, 5000) : !isAlive(holder))
        fs.rmSync(lockFile, { force: true });
      else if (Date.now() > deadline) throw new Error(`${lockFile} is held by process ${holder}`);
      else await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

module.exports = {
  sleep,
  run,
  commandExists,
  isAlive,
  commandLineOf,
  waitForExit,
  terminate,
  killNow,
  readPid,
  tail,
  portIsFree,
  freePort,
  withLock,
};
