#!/usr/bin/env node
/**
 * Real infrastructure for development, tests and CI, without Docker:
 *   node scripts/infra.js up|down|status      (npm run infra:up|infra:down|infra:status)
 * `up` uses Kafka at KAFKA_BROKERS and PostgreSQL at DATABASE_URL when they answer, and otherwise brings
 * up a local Kafka broker (installed from Maven Central) and a PostgreSQL (see scripts/infra/postgres.js).
 * `up --brokers 3 [--port 19092]` brings up a three-node KRaft cluster on 127.0.0.1:19092-19094 instead
 * of the single broker (controllers on the ports + 100), with a state directory of its own;
 * `down --brokers 3` stops only such clusters, `down` everything infra.js started.
 * The functions are exported for the jest global setup, `npm start` and fault-injection tests.
 */
const fs = require('fs');
const path = require('path');
const settings = require('./infra/settings');
const {
  kafkaAnswers,
  startKafkaBroker,
  stopKafkaBroker,
  runningBrokerPid,
  waitUntilReady,
} = require('./infra/kafka-broker');
const cluster = require('./infra/kafka-cluster');
const { isKafkaInstalled } = require('./infra/kafka-install');
const {
  postgresAnswers,
  ensurePostgres,
  stopPostgres,
  startedPostgres,
  redact,
} = require('./infra/postgres');
const { freePort } = require('./infra/processes');

const stderrLog = (message) => process.stderr.write(`[infra] ${message}\n`);

/** Resolves `{ kafkaBrokers, started }`; starts a local broker only when nothing answers. */
async function ensureKafka({ log, quietLog }) {
  const configured = process.env.KAFKA_BROKERS;
  const port = settings.kafkaPort();
  const brokers = configured || `127.0.0.1:${port}`;
  if (await kafkaAnswers(brokers, 3000)) {
    quietLog(`Kafka answers at ${brokers}`);
    return { kafkaBrokers: brokers, started: null };
  }
  if (configured && settings.localPortOf(configured) === null) {
    throw new Error(
      `KAFKA_BROKERS=${configured} does not answer, and it is not a local address to start a broker on`,
    );
  }
  const dataDir = settings.kafkaStateDir(port);
  log(
    `Kafka does not answer at ${brokers}; starting Apache Kafka ${settings.KAFKA_VERSION} on 127.0.0.1:${port}`,
  );
  const started = Date.now();
  const broker = await startKafkaBroker({ port, dataDir, log });
  log(
    `Kafka is ready at ${broker.brokers} after ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${broker.logFile})`,
  );
  return { kafkaBrokers: broker.brokers, started: broker.started ? { dataDir, pid: broker.pid } : null };
}

/**
 * Makes sure Kafka and PostgreSQL answer. Resolves the addresses to use and what this call started
 * (pass that to `stopInfrastructure` to undo exactly this call).
 */
async function ensureInfrastructure({ quiet = false } = {}) {
  const log = stderrLog;
  const quietLog = quiet ? () => undefined : stderrLog;
  const [kafka, postgres] = await Promise.all([ensureKafka({ log, quietLog }), ensurePostgres({ log })]);
  quietLog(`PostgreSQL answers at ${redact(postgres.databaseUrl)}`);
  return {
    kafkaBrokers: kafka.kafkaBrokers,
    databaseUrl: postgres.databaseUrl,
    started: { kafka: kafka.started, postgres: postgres.started },
  };
}

/** Stops what one `ensureInfrastructure` call reported as started, and nothing else. */
async function stopInfrastructure(started, { log = stderrLog } = {}) {
  if (started && started.kafka) {
    const result = await stopKafkaBroker({ dataDir: started.kafka.dataDir });
    if (result.stopped) log(`Stopped Kafka broker (pid ${result.pid})`);
  }
  if (started && started.postgres) await stopPostgres(started.postgres, log);
}

/** Brokers that infra.js started and that still run, one per state directory. */
function startedBrokers() {
  const root = settings.stateRoot();
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((name) => /^kafka-\d+$/.test(name))
    .map((name) => ({ dataDir: path.join(root, name), port: Number(name.slice('kafka-'.length)) }))
    .map((broker) => ({ ...broker, pid: runningBrokerPid(broker.dataDir) }))
    .filter((broker) => broker.pid !== null);
}

/** State directories of the clusters that `up --brokers N` started (running or not). */
function clusterRoots() {
  const root = settings.stateRoot();
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((name) => /^kafka-cluster-\d+$/.test(name))
    .map((name) => path.join(root, name))
    .filter((dir) => cluster.isCluster(dir));
}

/** `--brokers N` and `--port P` (also `--brokers=N`); resolves `{ brokers, port }`. */
function parseArguments(argv) {
  const options = { brokers: 1, port: settings.DEFAULT_CLUSTER_PORT };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[(i += 1)];
    if (flag === '--brokers') {
      const brokers = Number(value);
      if (!Number.isInteger(brokers) || !(brokers === 1 || (brokers >= 3 && brokers <= 9)))
        throw new Error(`--brokers ${value}: 1, or 3 to 9 (two nodes cannot lose one and keep a quorum)`);
      options.brokers = brokers;
    } else if (flag === '--port') {
      options.port = settings.parsePort(value, '--port');
    } else {
      throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return options;
}

/** Starts (or finds running) the cluster of `brokers` nodes whose first broker listens on `port`. */
async function ensureKafkaCluster({ brokers, port }) {
  const ports = Array.from({ length: brokers }, (_, i) => port + i);
  const controllerPorts = ports.map((p) => p + settings.CLUSTER_CONTROLLER_OFFSET);
  const root = settings.kafkaClusterStateDir(port);
  const started = Date.now();
  stderrLog(
    `Starting a Kafka ${settings.KAFKA_VERSION} cluster of ${brokers} nodes on 127.0.0.1:${ports.join(',')}`,
  );
  const result = await cluster.startKafkaCluster({ root, ports, controllerPorts, log: stderrLog });
  const fresh = result.nodes.filter((node) => node.started).length;
  stderrLog(
    `Kafka cluster ready at ${result.brokers} after ${((Date.now() - started) / 1000).toFixed(1)} s ` +
      `(${fresh} of ${brokers} nodes started now; state in ${root})`,
  );
  return result.brokers;
}

async function up(argv) {
  const options = parseArguments(argv);
  if (options.brokers === 1) {
    const result = await ensureInfrastructure({ quiet: false });
    process.stdout.write(`KAFKA_BROKERS=${result.kafkaBrokers}\nDATABASE_URL=${result.databaseUrl}\n`);
    return;
  }
  const [kafkaBrokers, postgres] = await Promise.all([
    ensureKafkaCluster(options),
    ensurePostgres({ log: stderrLog }),
  ]);
  process.stdout.write(`KAFKA_BROKERS=${kafkaBrokers}\nDATABASE_URL=${postgres.databaseUrl}\n`);
}

async function stopClusters() {
  let stopped = 0;
  for (const root of clusterRoots()) {
    for (const node of await cluster.stopKafkaCluster({ root })) {
      if (!node.stopped) continue;
      stopped += 1;
      stderrLog(`Stopped Kafka cluster node ${node.nodeId} on 127.0.0.1:${node.port} (pid ${node.pid})`);
    }
  }
  return stopped;
}

/**
 * Stops every broker, cluster and database server that infra.js started, each by its own pid or data
 * dir; with `--brokers N` (N > 1) only the clusters.
 */
async function down(argv) {
  const options = parseArguments(argv);
  const clusterNodesStopped = await stopClusters();
  if (options.brokers > 1) {
    if (clusterNodesStopped === 0) stderrLog('No Kafka cluster started by infra.js is running');
    return;
  }
  const brokers = startedBrokers();
  for (const broker of brokers) {
    const result = await stopKafkaBroker({ dataDir: broker.dataDir });
    if (result.stopped) stderrLog(`Stopped Kafka broker on 127.0.0.1:${broker.port} (pid ${result.pid})`);
  }
  const databases = startedPostgres();
  for (const started of databases) await stopPostgres(started, stderrLog);
  if (clusterNodesStopped + brokers.length + databases.length === 0)
    stderrLog('Nothing started by infra.js is running');
}

async function status() {
  const port = settings.kafkaPort();
  const brokers = process.env.KAFKA_BROKERS || `127.0.0.1:${port}`;
  const databaseUrl = process.env.DATABASE_URL || settings.LOCAL_DATABASE_URL;
  const lines = [
    `Kafka ${settings.KAFKA_VERSION} jars: ${isKafkaInstalled() ? settings.kafkaLibsDir() : 'not installed yet'}`,
    `Kafka at ${brokers}: ${(await kafkaAnswers(brokers, 3000)) ? 'answers' : 'does not answer'}`,
    `PostgreSQL at ${redact(databaseUrl)}: ${(await postgresAnswers(databaseUrl)) ? 'answers' : 'does not answer'}`,
  ];
  for (const broker of startedBrokers()) {
    lines.push(
      `Kafka broker started by infra.js: 127.0.0.1:${broker.port}, pid ${broker.pid}, ${broker.dataDir}`,
    );
  }
  for (const root of clusterRoots()) {
    const nodes = cluster.clusterNodes(root);
    const running = nodes.filter((node) => node.pid !== null);
    if (running.length === 0) continue;
    const bootstrap = cluster.bootstrapOf(cluster.readLayout(root));
    const answers = (await cluster.clusterAnswers(root)) ? 'every node answers' : 'not every node answers';
    lines.push(
      `Kafka cluster started by infra.js: ${bootstrap}, ${running.length} of ${nodes.length} nodes running, ${answers}, ${root}`,
    );
    for (const node of nodes) {
      const state = node.pid === null ? 'not running' : `pid ${node.pid}`;
      lines.push(
        `  node ${node.nodeId}: 127.0.0.1:${node.port} (controller ${node.controllerPort}), ${state}`,
      );
    }
  }
  for (const started of startedPostgres()) {
    const where = started.kind === 'cluster' ? `${started.version}/${started.name}` : started.dataDir;
    lines.push(`PostgreSQL started by infra.js: ${started.kind} ${where}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

module.exports = {
  ensureInfrastructure,
  stopInfrastructure,
  startKafkaBroker,
  stopKafkaBroker,
  startKafkaCluster: cluster.startKafkaCluster,
  stopKafkaCluster: cluster.stopKafkaCluster,
  startKafkaNode: cluster.startKafkaNode,
  stopKafkaNode: cluster.stopKafkaNode,
  kafkaAnswers,
  waitUntilReady,
  postgresAnswers,
  freePort,
  KAFKA_VERSION: settings.KAFKA_VERSION,
};

if (require.main === module) {
  const commands = { up, down, status };
  const command = commands[process.argv[2]];
  if (!command) {
    process.stderr.write('usage: node scripts/infra.js up|down|status [--brokers 1|3] [--port 19092]\n');
    process.exit(2);
  }
  command(process.argv.slice(3)).then(
    () => process.exit(0),
    (error) => {
      stderrLog(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
