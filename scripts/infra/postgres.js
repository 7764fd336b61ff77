/**
 * Finds a PostgreSQL to use, in order: DATABASE_URL; the local server on 127.0.0.1:5432 (starting the
 * installed Debian cluster when it is down); an embedded server from npm.
 */
const fs = require('fs');
const path = require('path');
const { Client } = require('pg');
const { LOCAL_DATABASE_URL, stateRoot } = require('./settings');
const { commandExists, run, sleep } = require('./processes');
const {
  startEmbeddedPostgres,
  stopEmbeddedPostgres,
  runningEmbeddedPostgres,
} = require('./embedded-postgres');

/** True when `SELECT 1` succeeds on `url` within `timeoutMs`. */
async function postgresAnswers(url, timeoutMs = 3000) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Hides the password, so a URL can be printed. */
function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

const clusterMarker = () => path.join(stateRoot(), 'postgres-cluster-started.json');

/** The Debian cluster (`/etc/postgresql/<version>/main`) when pg_ctlcluster can drive it. */
function debianCluster() {
  if (!commandExists('pg_ctlcluster') || !fs.existsSync('/etc/postgresql')) return null;
  const versions = fs
    .readdirSync('/etc/postgresql')
    .filter((v) => fs.existsSync(`/etc/postgresql/${v}/main`));
  return versions.length > 0 ? { version: versions.sort().at(-1), name: 'main' } : null;
}

async function waitForPostgres(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await postgresAnswers(url)) return true;
    await sleep(500);
  }
  return false;
}

/** Starts the installed cluster if it is down; remembers that we did, so `down` stops only that. */
async function startDebianCluster(cluster, log) {
  const { version, name } = cluster;
  const status = await run('pg_ctlcluster', [version, name, 'status']);
  if (status.code === 0) return false;
  log(`Starting the local PostgreSQL ${version}/${name} cluster`);
  const started = await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start']);
  if (started.code !== 0) {
    log(`pg_ctlcluster could not start ${version}/${name}:\n${started.output.trim()}`);
    return false;
  }
  fs.mkdirSync(stateRoot(), { recursive: true });
  fs.writeFileSync(clusterMarker(), JSON.stringify(cluster));
  return true;
}

/** Resolves `{ databaseUrl, started }`; `started` says what this call brought up, if anything. */
async function ensurePostgres({ log = () => {} } = {}) {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    if (await postgresAnswers(configured)) return { databaseUrl: configured, started: null };
    log(`DATABASE_URL=${redact(configured)} does not answer; looking for a local PostgreSQL instead`);
  }
  if (await postgresAnswers(LOCAL_DATABASE_URL)) return { databaseUrl: LOCAL_DATABASE_URL, started: null };
  const cluster = debianCluster();
  if (
    cluster &&
    (await startDebianCluster(cluster, log)) &&
    (await waitForPostgres(LOCAL_DATABASE_URL, 30000))
  ) {
    return { databaseUrl: LOCAL_DATABASE_URL, started: { kind: 'cluster', ...cluster } };
  }
  const embedded = await startEmbeddedPostgres({ log });
  if (!(await waitForPostgres(embedded.url, 30000)))
    throw new Error(`Embedded PostgreSQL at ${embedded.url} does not answer`);
  return {
    databaseUrl: embedded.url,
    started: embedded.started ? { kind: 'embedded', dataDir: embedded.dataDir } : null,
  };
}

/** Stops what `ensurePostgres` reported as started. */
async function stopPostgres(started, log = () => {}) {
  if (!started) return;
  if (started.kind === 'embedded') {
    await stopEmbeddedPostgres({ dataDir: started.dataDir });
    log(`Stopped embedded PostgreSQL (${started.dataDir})`);
  } else if (started.kind === 'cluster') {
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', started.version, started.name, 'stop']);
    fs.rmSync(clusterMarker(), { force: true });
    log(`Stopped the local PostgreSQL ${started.version}/${started.name} cluster`);
  }
}

/** Everything PostgreSQL-wise that infra.js started and that still runs (for `down` and `status`). */
function startedPostgres() {
  const embedded = runningEmbeddedPostgres().map((dataDir) => ({ kind: 'embedded', dataDir }));
  if (!fs.existsSync(clusterMarker())) return embedded;
  return [{ kind: 'cluster', ...JSON.parse(fs.readFileSync(clusterMarker(), 'utf8')) }, ...embedded];
}

module.exports = { postgresAnswers, ensurePostgres, stopPostgres, startedPostgres, redact };
