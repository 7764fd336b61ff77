/**
 * Jest global setup: integration and end-to-end tests run against real Kafka and PostgreSQL, so bring
 * them up when they do not answer (a fresh machine or CI), and hand their addresses to every worker
 * through the environment (workers are forked after this runs and inherit it).
 *
 * Nothing is torn down afterwards on purpose: the next run reuses the broker in a second instead of
 * starting one again, and a CI machine is thrown away anyway. `npm run infra:down` stops it.
 */
const { ensureInfrastructure } = require('./infra');

/** A run of unit tests only (`--selectProjects unit`, `npm run check`) needs no infrastructure. */
function onlyUnitTests(globalConfig) {
  const selected = globalConfig && globalConfig.selectProjects;
  return Array.isArray(selected) && selected.length > 0 && selected.every((name) => name === 'unit');
}

module.exports = async function globalSetup(globalConfig) {
  if (onlyUnitTests(globalConfig)) return;
  const { kafkaBrokers, databaseUrl } = await ensureInfrastructure({ quiet: true });
  process.env.KAFKA_BROKERS = kafkaBrokers;
  process.env.DATABASE_URL = databaseUrl;
};
