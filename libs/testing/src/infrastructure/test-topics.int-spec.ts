import { deleteRunTopics } from '../../../../scripts/jest-test-topics';
import { randomSuffix, requiredEnv } from './environment';
import { testKafka } from './kafka';

/** The global teardown deletes the topics of its own run, and no other run's (a shared broker). */
describe("deleting a test run's topics", () => {
  it("deletes the topics whose prefix carries the run id and keeps every other run's", async () => {
    const thisRun = `r${randomSuffix(3)}`;
    const otherRun = `r${randomSuffix(3)}`;
    const ours = [`cleanup-${thisRun}-${randomSuffix()}.a`, `cleanup-${thisRun}-${randomSuffix()}.b.dlq`];
    const theirs = `cleanup-${otherRun}-${randomSuffix()}.a`;
    const admin = testKafka().admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [...ours, theirs].map((topic) => ({ topic })),
        waitForLeaders: true,
      });

      const deleted = await deleteRunTopics(requiredEnv('KAFKA_BROKERS'), thisRun, (message) => {
        throw new Error(message);
      });

      const left = await admin.listTopics();
      expect(deleted).toBe(2);
      expect(left).toContain(theirs);
      expect(left.filter((topic) => ours.includes(topic))).toEqual([]);
    } finally {
      await admin.deleteTopics({ topics: [theirs] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
