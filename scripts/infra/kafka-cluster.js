/**
 * A Kafka cluster of several KRaft nodes on loopback, each a combined broker and controller started by
 * kafka-broker.js. The cluster's root directory holds `cluster.json` (its id and every node's ports)
 * and one directory per node (`node-<id>`), so a node stopped or killed can be started again with its
 * own data, and `infra.js down|status` find every node.
 */
const fs = require('fs');
const path = require('path');
const { Kafka, logLevel } = require('kafkajs');
const { clusterId } = require('./kafka-config');
const { sleep } = require('./processes');
const {
  kafkaAnswers,
  startKafkaBroker,
  stopKafkaBroker,
  runningBrokerPid,
  warmUpCoordinators,
} = require('./kafka-broker');

const LAYOUT_FILE = 'cluster.json';
/** Small heaps: a test machine runs three of these beside the services. KAFKA_HEAP_OPTS overrides. */
const NODE_HEAP_OPTIONS = '-Xms64m -Xmx256m';

function nodeDir(root, nodeId) {
  return path.join(root, `node-${nodeId}`);
}

/** The layout a cluster was first started with, or null when `root` holds none. */
function readLayout(root) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, LAYOUT_FILE), 'utf8'));
  } catch {
    return null;
  }
}

function isCluster(root) {
  return readLayout(root) !== null;
}

function bootstrapOf(layout) {
  return layout.nodes.map((node) => `127.0.0.1:${node.port}`).join(',');
}

function votersOf(layout) {
  return layout.nodes.map((node) => `${node.nodeId}@127.0.0.1:${node.controllerPort}`);
}

/**
 * The layout stored in `root`, or a new one for `ports` (broker ports) and `controllerPorts`. A root
 * that already holds a cluster keeps its own ports: its nodes' data names them.
 */
function layoutFor(root, ports, controllerPorts) {
  const existing = readLayout(root);
  if (existing) return existing;
  if (ports.length !== controllerPorts.length) throw new Error('one controller port per broker port');
  const layout = {
    clusterId: clusterId(),
    nodes: ports.map((port, i) => ({ nodeId: i + 1, port, controllerPort: controllerPorts[i] })),
  };
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, LAYOUT_FILE), `${JSON.stringify(layout, null, 2)}\n`);
  return layout;
}

function nodeOptions(root, layout, node, log) {
  return {
    nodeId: node.nodeId,
    port: node.port,
    controllerPort: node.controllerPort,
    dataDir: nodeDir(root, node.nodeId),
    voters: votersOf(layout),
    clusterId: layout.clusterId,
    heapOptions: NODE_HEAP_OPTIONS,
    warmUp: false,
    log,
  };
}

/**
 * Waits until the cluster's metadata lists `count` brokers: internal topics of replication factor 3
 * cannot be created before, and every node answering does not mean every node has registered.
 */
async function waitForAllBrokers(brokers, count, timeoutMs = 60000) {
  const kafka = new Kafka({
    clientId: 'infra-cluster-probe',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const deadline = Date.now() + timeoutMs;
  try {
    await admin.connect();
    for (;;) {
      const seen = (await admin.describeCluster()).brokers.length;
      if (seen >= count) return;
      if (Date.now() > deadline)
        throw new Error(`the Kafka cluster at ${brokers} lists ${seen} of ${count} brokers`);
      await sleep(250);
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Starts every node of the cluster in `root` at once (a node answers only once a majority of the
 * quorum runs), waits until each answers and the cluster sees all of them, then creates the internal
 * topics. Resolves `{ brokers, nodes: [{ nodeId, port, dataDir, pid, started }] }`.
 */
async function startKafkaCluster({ root, ports, controllerPorts, log = () => {} }) {
  const layout = layoutFor(root, ports ?? [], controllerPorts ?? []);
  const nodes = await Promise.all(
    layout.nodes.map(async (node) => {
      const broker = await startKafkaBroker(nodeOptions(root, layout, node, log));
      return {
        nodeId: node.nodeId,
        port: node.port,
        dataDir: broker.dataDir,
        pid: broker.pid,
        started: broker.started,
      };
    }),
  );
  const brokers = bootstrapOf(layout);
  await waitForAllBrokers(brokers, layout.nodes.length);
  await warmUpCoordinators(brokers, log);
  return { brokers, nodes };
}

/** Starts one node of the cluster in `root` again (after `stopKafkaNode`), with its own data. */
async function startKafkaNode({ root, nodeId, log = () => {} }) {
  const layout = readLayout(root);
  const node = layout?.nodes.find((candidate) => candidate.nodeId === nodeId);
  if (!node) throw new Error(`${root} holds no Kafka cluster with node ${nodeId}`);
  return startKafkaBroker(nodeOptions(root, layout, node, log));
}

/** Stops one node; `kill: true` is a crash (SIGKILL), otherwise a controlled shutdown. */
function stopKafkaNode({ root, nodeId, kill = false }) {
  return stopKafkaBroker({ dataDir: nodeDir(root, nodeId), kill });
}

/**
 * Stops every node of the cluster in `root`, all at once. The last nodes cannot complete a
 * controlled shutdown once the quorum is gone, so they get `timeoutMs` before SIGKILL.
 */
async function stopKafkaCluster({ root, kill = false, timeoutMs = 10000 }) {
  const layout = readLayout(root);
  if (!layout) return [];
  return Promise.all(
    layout.nodes.map(async (node) => ({
      nodeId: node.nodeId,
      port: node.port,
      ...(await stopKafkaBroker({ dataDir: nodeDir(root, node.nodeId), kill, timeoutMs })),
    })),
  );
}

/** Every node of the cluster in `root` with the pid it runs under (null: not running). */
function clusterNodes(root) {
  const layout = readLayout(root);
  if (!layout) return [];
  return layout.nodes.map((node) => ({
    ...node,
    dataDir: nodeDir(root, node.nodeId),
    pid: runningBrokerPid(nodeDir(root, node.nodeId)),
  }));
}

/** True when every node of the cluster in `root` answers. */
async function clusterAnswers(root, timeoutMs = 3000) {
  const layout = readLayout(root);
  if (!layout) return false;
  const answers = await Promise.all(
    layout.nodes.map((node) => kafkaAnswers(`127.0.0.1:${node.port}`, timeoutMs)),
  );
  return answers.every(Boolean);
}

module.exports = {
  startKafkaCluster,
  stopKafkaCluster,
  startKafkaNode,
  stopKafkaNode,
  clusterNodes,
  clusterAnswers,
  isCluster,
  bootstrapOf,
  readLayout,
};
