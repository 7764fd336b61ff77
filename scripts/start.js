#!/usr/bin/env node
/* global fetch, AbortSignal */
/**
 * `npm start`: brings Kafka and PostgreSQL up when they do not answer, builds, and runs both services
 * with their output prefixed. Ctrl-C (or SIGTERM) stops the services and whatever infrastructure this
 * run started itself; infrastructure that was already running is left alone.
 *   --skip-build   run what is in dist/ as it is
 */
const path = require('path');
const readline = require('readline');
const { spawn } = require('child_process');
const { ensureInfrastructure, stopInfrastructure } = require('./infra');

const ROOT = path.resolve(__dirname, '..');
const READY_TIMEOUT_MS = 120000;
const SERVICES = [
  { name: 'contracts', portVariable: 'CONTRACTS_PORT', defaultPort: 3001 },
  { name: 'invoicing', portVariable: 'INVOICING_PORT', defaultPort: 3002 },
];

const say = (message) => process.stdout.write(`[start] ${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function runBuild() {
  return new Promise((resolve, reject) => {
    const build = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    build.on('error', reject);
    build.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm run build failed (exit ${code})`)),
    );
  });
}

function prefixLines(stream, prefix, target) {
  readline.createInterface({ input: stream }).on('line', (line) => target.write(`${prefix} ${line}\n`));
}

function startService(service, env) {
  const main = path.join(ROOT, 'dist', 'apps', service.name, 'main.js');
  const child = spawn(process.execPath, [main], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${service.name}]`.padEnd(12);
  prefixLines(child.stdout, prefix, process.stdout);
  prefixLines(child.stderr, prefix, process.stderr);
  return child;
}

async function answersReady(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

async function waitUntilReady(service, isStopping) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !isStopping()) {
    if (await answersReady(`${service.url}/health/ready`)) return true;
    await sleep(500);
  }
  return false;
}

function stopChild(child, timeoutMs = 15000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function main() {
  const skipBuild = process.argv.includes('--skip-build');
  const infrastructure = await ensureInfrastructure({ quiet: false });
  let stopping = false;
  const children = [];
  const shutdown = async (exitCode, reason) => {
    if (stopping) return;
    stopping = true;
    say(
      `${reason}: stopping the services${infrastructure.started.kafka || infrastructure.started.postgres ? ' and the infrastructure this run started' : ''}`,
    );
    await Promise.all(children.map((child) => stopChild(child)));
    await stopInfrastructure(infrastructure.started, { log: say });
    process.exit(exitCode);
  };
  process.on('SIGINT', () => shutdown(0, 'Interrupted'));
  process.on('SIGTERM', () => shutdown(0, 'Terminated'));

  if (!skipBuild) {
    try {
      await runBuild();
    } catch (error) {
      say(error.message);
      return shutdown(1, 'Build failed');
    }
  }
  const env = {
    ...process.env,
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
  };
  // The services write through our pipes; keep their colours only when we write to a terminal.
  if (!process.stdout.isTTY && env.NO_COLOR === undefined) env.NO_COLOR = '1';
  const services = SERVICES.map((service) => {
    const port = Number(process.env[service.portVariable] || service.defaultPort);
    return { ...service, url: `http://127.0.0.1:${port}` };
  });
  for (const service of services) {
    const child = startService(service, env);
    children.push(child);
    child.on('exit', (code, signal) => shutdown(1, `${service.name} exited (${signal ?? code})`));
  }
  say(`KAFKA_BROKERS=${infrastructure.kafkaBrokers}`);
  say(`DATABASE_URL=${infrastructure.databaseUrl}`);
  const ready = await Promise.all(services.map((service) => waitUntilReady(service, () => stopping)));
  if (stopping) return undefined;
  services.forEach((service, index) => {
    const state = ready[index] ? 'ready' : `not ready after ${READY_TIMEOUT_MS / 1000} s`;
    say(`${service.name}: ${service.url} (${state}); API docs: ${service.url}/docs`);
  });
  say('Press Ctrl-C to stop.');
  return undefined;
}

main().catch(async (error) => {
  say(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
