/**
 * Jest global setup: integration and end-to-end tests run against real Kafka and PostgreSQL, so bring
 * them up when they do not answer (a fresh machine or CI), and hand their addresses to every worker
 * through the environment (workers are forked after this runs and inherit it).
 *
 * The broker and PostgreSQL are left running on purpose: the next run reuses the broker in a second
 * instead of starting one again. `npm run infra:down` stops them. The topics this run created are
 * deleted by the global teardown.
 */
const { ensureInfrastructure } = require('./infra');
const { newRunId } = require('./jest-test-topics');

/** The projects named after --selectProjects (Jest keeps them out of globalConfig, so read argv). */
function selectedProjects(argv) {
  const names = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i].startsWith('--selectProjects=')) names.push(argv[i].slice('--selectProjects='.length));
    if (argv[i] !== '--selectProjects') continue;
    for (i += 1; i < argv.length && !argv[i].startsWith('-'); i += 1) names.push(argv[i]);
    i -= 1;
  }
  return names;
}

/** A run of unit tests only (`--selectProjects unit`, `npm run check`) needs no infrastructure. */
function onlyUnitTests(argv) {
  const selected = selectedProjects(argv);
  return selected.length > 0 && selected.every((name) => name === 'unit');
}

module.exports = async function globalSetup() {
  if (onlyUnitTests(process.argv)) return;
  const { kafkaBrokers, databaseUrl } = await ensureInfrastructure({ quiet: true });
  process.env.KAFKA_BROKERS = kafkaBrokers;
  process.env.DATABASE_URL = databaseUrl;
  // Test topics carry this id; the global teardown deletes them (scripts/jest-test-topics.js).
  process.env.TEST_RUN_ID = newRunId();
};

module.exports.onlyUnitTests = onlyUnitTests;
