/** Where the infrastructure lives on disk and which ports it uses; everything outside the repository. */
const os = require('os');
const path = require('path');

/** Pinned by evidence, see docs/adr/0002-kafka-broker-from-maven-central.md. */
const KAFKA_VERSION = '3.9.1';
const DEFAULT_KAFKA_PORT = 9092;
const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function cacheRoot() {
  return process.env.INFRA_CACHE_DIR || path.join(os.homedir(), '.cache', 'project-invoicing');
}

function kafkaHome() {
  return path.join(cacheRoot(), `kafka-${KAFKA_VERSION}`);
}

function kafkaLibsDir() {
  return path.join(kafkaHome(), 'libs');
}

function stateRoot() {
  return path.join(cacheRoot(), 'state');
}

/** One state directory per port, so brokers for different ports never share data. */
function kafkaStateDir(port) {
  return path.join(stateRoot(), `kafka-${port}`);
}

/** Where `infra.js up --brokers N` keeps a cluster whose first broker listens on `port`. */
function kafkaClusterStateDir(port) {
  return path.join(stateRoot(), `kafka-cluster-${port}`);
}

/** The first broker port of a cluster `infra.js` starts: clear of a single broker on 9092/9093. */
const DEFAULT_CLUSTER_PORT = 19092;
/** Controller ports of a cluster: its broker ports plus this. */
const CLUSTER_CONTROLLER_OFFSET = 100;

function parsePort(value, name) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}=${value} is not a TCP port (1-65535)`);
  }
  return port;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The port of a single local `host:port` bootstrap list, or null when it names anything else. */
function localPortOf(brokers) {
  const list = brokers
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (list.length !== 1) return null;
  const separator = list[0].lastIndexOf(':');
  if (separator < 0 || !LOCAL_HOSTS.has(list[0].slice(0, separator))) return null;
  return parsePort(list[0].slice(separator + 1), 'KAFKA_BROKERS');
}

/** KAFKA_PORT wins; else the port of a local KAFKA_BROKERS; else 9092. */
function kafkaPort(env = process.env) {
  if (env.KAFKA_PORT) return parsePort(env.KAFKA_PORT, 'KAFKA_PORT');
  const fromBrokers = env.KAFKA_BROKERS ? localPortOf(env.KAFKA_BROKERS) : null;
  return fromBrokers ?? DEFAULT_KAFKA_PORT;
}

module.exports = {
  KAFKA_VERSION,
  DEFAULT_KAFKA_PORT,
  LOCAL_DATABASE_URL,
  cacheRoot,
  kafkaHome,
  kafkaLibsDir,
  stateRoot,
  kafkaStateDir,
  kafkaClusterStateDir,
  DEFAULT_CLUSTER_PORT,
  CLUSTER_CONTROLLER_OFFSET,
  parsePort,
  localPortOf,
  kafkaPort,
};
