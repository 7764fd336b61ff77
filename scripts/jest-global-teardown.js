/**
 * Jest global teardown: deletes the topics this run's tests created (their prefixes carry TEST_RUN_ID,
 * see scripts/jest-test-topics.js). A test database is dropped by its own test; topics are the one thing
 * a run would otherwise leave behind on a shared broker, and a broker with thousands of them takes
 * minutes to restart.
 */
const { onlyUnitTests } = require('./jest-global-setup');
const { deleteRunTopics } = require('./jest-test-topics');

module.exports = async function globalTeardown() {
  const { KAFKA_BROKERS: brokers, TEST_RUN_ID: runId } = process.env;
  if (onlyUnitTests(process.argv) || !brokers || !runId) return;
  const deleted = await deleteRunTopics(brokers, runId, (message) =>
    process.stderr.write(`[test topics] ${message}\n`),
  );
  if (process.env.CI) process.stderr.write(`[test topics] deleted ${deleted} topics of run ${runId}\n`);
};
