/**
 * A single-node Apache Kafka broker (KRaft, combined broker and controller) run straight from the jars
 * that kafka-install.js put in the cache. Everything a broker owns lives in its `dataDir`: its config,
 * its log segments (`kafka-logs/`), its pid file and, by default, its log file.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { Kafka, logLevel } = require('kafkajs');
const { installKafka, javaCommand } = require('./kafka-install');
const { files, serverProperties, LOG4J_PROPERTIES, clusterId, jvmOptions } = require('./kafka-config');
const {
  commandLineOf,
  isAlive,
  portIsFree,
  readPid,
  run,
  sleep,
  tail,
  killNow,
  terminate,
  withLock,
} = require('./processes');

const READY_TIMEOUT_MS = 90000;
/**
 * A broker that is still writing its log after READY_TIMEOUT_MS is loading its partitions (a state
 * directory with many topics takes minutes on two cores): it gets more time while the log grows, up to
 * this cap. A broker whose log has been still for LOG_STILL_MS is stuck and fails the wait.
 */
const READY_CAP_MS = 600000;
const LOG_STILL_MS = 30000;
/** One probe's budget: a broker that has just loaded many partitions answers metadata slowly at first. */
const PROBE_TIMEOUT_MS = 5000;

/** Parses "a:1,b:2" into ["a:1", "b:2"]. */
function brokerList(brokers) {
  return (Array.isArray(brokers) ? brokers : String(brokers).split(',')).map((b) => b.trim()).filter(Boolean);
}

/** True when the brokers answer a metadata request within `timeoutMs`. */
async function kafkaAnswers(brokers, timeoutMs = 3000) {
  const kafka = new Kafka({
    clientId: 'infra-probe',
    brokers: brokerList(brokers),
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    await Promise.race([admin.connect().then(() => admin.describeCluster()), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * A fresh broker answers metadata requests before its group and transaction coordinators exist: the
 * first consumer group and the first transactional producer then meet "coordinator not available"
 * (kafkajs retries, but logs errors). Asking for both coordinators once creates __consumer_offsets and
 * __transaction_state before anyone else needs them. Best effort: a failure here is not fatal.
 */
async function warmUpCoordinators(brokers, log) {
  const kafka = new Kafka({
    clientId: 'infra-warm-up',
    brokers: brokerList(brokers),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const producer = kafka.producer({
    transactionalId: 'infra-warm-up',
    idempotent: true,
    maxInFlightRequests: 1,
  });
  try {
    await admin.connect();
    await admin.describeGroups(['infra-warm-up']);
    await producer.connect();
  } catch (error) {
    log(`Kafka coordinators are not ready yet (${error.message}); clients will retry`);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/** The pid of the broker that owns `dataDir`, if it still runs; a stale pid file is removed. */
function runningBrokerPid(dataDir) {
  const { pidFile, serverProperties: config } = files(dataDir);
  const pid = readPid(pidFile);
  if (pid !== null && isAlive(pid) && isKafkaProcess(pid, config)) return pid;
  fs.rmSync(pidFile, { force: true });
  return null;
}

/** Guards every kill: only a java process running kafka.Kafka (with our config, when we know it). */
function isKafkaProcess(pid, config) {
  const args = commandLineOf(pid);
  if (!args || !args.includes('kafka.Kafka')) return false;
  return config === undefined || args.includes(config);
}

async function formatStorage(java, libsDir, dataDir, id) {
  const { serverProperties: config, log4jProperties } = files(dataDir);
  const args = ['-XX:TieredStopAtLevel=1', `-Dlog4j.configuration=file:${log4jProperties}`];
  args.push('-cp', path.join(libsDir, '*'));
  args.push('kafka.tools.StorageTool', 'format', '-t', id, '-c', config, '--ignore-formatted');
  const { code, output } = await run(java, args, { cwd: dataDir });
  if (code !== 0) throw new Error(`Formatting Kafka storage in ${dataDir} failed:\n${output}`);
}

function launch(java, libsDir, dataDir, logFile, heapOptions) {
  const { serverProperties: config, log4jProperties, pidFile } = files(dataDir);
  const args = [...jvmOptions('KAFKA_HEAP_OPTS', heapOptions), ...jvmOptions('KAFKA_JVM_PERFORMANCE_OPTS')];
  args.push(`-Dlog4j.configuration=file:${log4jProperties}`, `-Dkafka.logs.dir=${dataDir}`);
  args.push('-cp', path.join(libsDir, '*'), 'kafka.Kafka', config);
  const out = fs.openSync(logFile, 'a');
  // Detached in its own session: it outlives this process and a Ctrl-C in the terminal does not reach it.
  const child = spawn(java, args, { cwd: dataDir, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  child.unref();
  const exit = { code: undefined };
  child.on('exit', (code, signal) => (exit.code = code ?? signal));
  child.on('error', (error) => (exit.code = error.message));
  fs.writeFileSync(pidFile, `${child.pid}\n`);
  return { pid: child.pid, exit };
}

/** Milliseconds since `file` was last written (Infinity when it does not exist). */
function msSinceWritten(file) {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

async function waitUntilReady({ pid, exit }, brokers, logFile, timeoutMs, { stillMs = LOG_STILL_MS } = {}) {
  const started = Date.now();
  const cap = started + Math.max(timeoutMs, READY_CAP_MS);
  const deadline = () => {
    const base = started + timeoutMs;
    if (Date.now() < base) return base;
    // Past the base timeout: keep waiting only while the broker still makes progress.
    return msSinceWritten(logFile) < stillMs ? cap : base;
  };
  while (Date.now() < deadline()) {
    if (exit.code !== undefined || !isAlive(pid)) {
      throw new Error(
        `Kafka broker exited (${exit.code ?? 'gone'}) before it answered; ${logFile}:\n${tail(logFile)}`,
      );
    }
    if (await kafkaAnswers(brokers, PROBE_TIMEOUT_MS)) return;
    await sleep(250);
  }
  const waited = ((Date.now() - started) / 1000).toFixed(0);
  throw new Error(
    `Kafka broker did not answer on ${brokers} within ${waited} s (its log still for ` +
      `${(msSinceWritten(logFile) / 1000).toFixed(0)} s); ${logFile}:\n${tail(logFile)}`,
  );
}

async function ensurePortsFree(ports) {
  for (const port of ports) {
    if (!(await portIsFree(port))) throw new Error(`Cannot start Kafka: 127.0.0.1:${port} is already in use`);
  }
}

/**
 * Starts (or finds already running) the broker that owns `dataDir`. Restarting with the same `dataDir`
 * keeps its topics and offsets, which is what fault tests need ("stop the broker, start it again").
 * A node of a cluster also gets its `nodeId`, the quorum's `voters` and the cluster's `clusterId`
 * (see startKafkaCluster); alone, it is node 1 of a quorum of its own.
 */
async function startKafkaBroker(options) {
  const { port, controllerPort = port + 1, dataDir, log = () => {} } = options;
  const { logFile = path.join(dataDir, 'kafka.log'), timeoutMs = READY_TIMEOUT_MS } = options;
  const { nodeId = 1, voters, clusterId: id = clusterId(), heapOptions, warmUp = true } = options;
  const brokers = `127.0.0.1:${port}`;
  const libsDir = await installKafka({ log });
  const java = javaCommand();
  fs.mkdirSync(dataDir, { recursive: true });
  return withLock(files(dataDir).lockFile, async () => {
    const runningPid = runningBrokerPid(dataDir);
    if (runningPid !== null) {
      await waitUntilReady({ pid: runningPid, exit: {} }, brokers, logFile, timeoutMs);
      return { pid: runningPid, brokers, dataDir, logFile, started: false };
    }
    await ensurePortsFree([port, controllerPort]);
    const paths = files(dataDir);
    fs.writeFileSync(
      paths.serverProperties,
      serverProperties({ nodeId, port, controllerPort, logDirs: paths.logDirs, voters }),
    );
    fs.writeFileSync(paths.log4jProperties, LOG4J_PROPERTIES);
    if (!fs.existsSync(path.join(paths.logDirs, 'meta.properties')))
      await formatStorage(java, libsDir, dataDir, id);
    const broker = launch(java, libsDir, dataDir, logFile, heapOptions);
    try {
      await waitUntilReady(broker, brokers, logFile, timeoutMs);
      if (warmUp) await warmUpCoordinators(brokers, log);
    } catch (error) {
      // Never leave a broker behind that the caller does not know about.
      if (isAlive(broker.pid) && isKafkaProcess(broker.pid, paths.serverProperties))
        await terminate(broker.pid);
      fs.rmSync(paths.pidFile, { force: true });
      throw error;
    }
    return { pid: broker.pid, brokers, dataDir, logFile, started: true };
  });
}

/**
 * Stops the broker that owns `dataDir` (or the given pid, after checking it is a Kafka broker), waits
 * for it to exit, and removes its pid file. Resolves `{ stopped, pid }`; never touches other processes.
 * `kill: true` sends SIGKILL straight away: a broker that dies, with no controlled shutdown.
 */
async function stopKafkaBroker({ dataDir, pid, timeoutMs = 30000, kill = false }) {
  const target = dataDir ? runningBrokerPid(dataDir) : pid;
  const config = dataDir ? files(dataDir).serverProperties : undefined;
  if (!target || !isAlive(target) || !isKafkaProcess(target, config))
    return { stopped: false, pid: target ?? null };
  if (kill) await killNow(target);
  else await terminate(target, timeoutMs);
  if (dataDir) fs.rmSync(files(dataDir).pidFile, { force: true });
  return { stopped: true, pid: target };
}

module.exports = {
  kafkaAnswers,
  startKafkaBroker,
  stopKafkaBroker,
  runningBrokerPid,
  brokerList,
  warmUpCoordinators,
  waitUntilReady,
};
