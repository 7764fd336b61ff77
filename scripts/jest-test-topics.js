/**
 * The topics one jest run creates carry its run id in their prefix (uniqueTopicPrefix in
 * libs/testing): `<label>-<runId>-<random>.<topic>`. The global setup picks the id, the global teardown
 * deletes exactly those topics, so runs that share a broker (a developer's, CI's warm machine) leave it
 * as they found it.
 */
const { randomBytes } = require('crypto');
const { Kafka, logLevel } = require('kafkajs');
const { brokerList } = require('./infra/kafka-broker');

const DELETE_BATCH = 100;

function newRunId() {
  return `r${randomBytes(3).toString('hex')}`;
}

function isRunTopic(topic, runId) {
  const prefix = topic.split('.')[0];
  return new RegExp(`^[A-Za-z0-9_-]+-${runId}-[0-9a-f]+$`).test(prefix);
}

/** Deletes the run's topics; resolves how many. Never throws: a leftover topic is not a failed run. */
async function deleteRunTopics(brokers, runId, log) {
  const kafka = new Kafka({
    clientId: 'test-topics-cleanup',
    brokers: brokerList(brokers),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => isRunTopic(topic, runId));
    for (let i = 0; i < topics.length; i += DELETE_BATCH) {
      await admin.deleteTopics({ topics: topics.slice(i, i + DELETE_BATCH), timeout: 30000 });
    }
    return topics.length;
  } catch (error) {
    log(`Could not delete this run's test topics (${runId}): ${error.message}`);
    return 0;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

module.exports = { newRunId, isRunTopic, deleteRunTopics };
