import { Client } from 'pg';
import { randomSuffix, requiredEnv } from './environment';

export interface TestDatabase {
  /** Connection URL of the new database (same server and credentials as DATABASE_URL). */
  readonly url: string;
  readonly name: string;
  /** Drops the database, closing connections still open to it. */
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** PostgreSQL identifiers: lowercase letters, digits and underscores, at most 63 bytes. */
function databaseName(prefix: string): string {
  const safePrefix =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .slice(0, 40) || 'test';
  return `${safePrefix}_${randomSuffix(6)}`;
}

/** Creates a database of its own for one test file, on the server DATABASE_URL points at. */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const serverUrl = requiredEnv('DATABASE_URL');
  const name = databaseName(prefix);
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
