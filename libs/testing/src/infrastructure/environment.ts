import { randomBytes } from 'crypto';

/** Reads a variable that the jest global setup (or `npm run infra:up`) provides. */
export function requiredEnv(name: 'DATABASE_URL' | 'KAFKA_BROKERS'): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run tests through jest (its global setup sets it) or npm run infra:up`,
    );
  }
  return value;
}

/** Short random lowercase hex, for names that must not collide between test files and runs. */
export function randomSuffix(bytes = 4): string {
  return randomBytes(bytes).toString('hex');
}
