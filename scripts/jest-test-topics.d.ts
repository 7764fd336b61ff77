/** Types for scripts/jest-test-topics.js (the global teardown's topic cleanup), for its test. */
export function newRunId(): string;
export function isRunTopic(topic: string, runId: string): boolean;
export function deleteRunTopics(
  brokers: string,
  runId: string,
  log: (message: string) => void,
): Promise<number>;
