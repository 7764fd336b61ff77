import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

type Cleanup = () => Promise<void>;

/**
 * One benchmark run: the infrastructure's addresses, a run id that names every database and topic
 * prefix it creates, and the clean-ups that drop them again (in reverse order, also after a failure
 * or Ctrl-C).
 */
export class BenchRun {
  readonly id = randomBytes(4).toString('hex');
  readonly kafka: Kafka;
  private readonly cleanups: { readonly label: string; readonly run: Cleanup }[] = [];
  private counter = 0;

  constructor(
    readonly serverUrl: string,
    readonly brokers: string,
    private readonly log: (message: string) => void,
  ) {
    this.kafka = new Kafka({
      clientId: `bench-${this.id}`,
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
  }

  /** A fresh, empty database on the benchmark's PostgreSQL server, dropped at the end of the run. */
  async createDatabase(label: string): Promise<string> {
    const name = `bench_${this.id}_${label.replace(/[^a-z0-9]/g, '_')}_${(this.counter += 1)}`;
    await this.onServer(`CREATE DATABASE "${name}"`);
    this.onCleanup(`database ${name}`, () => this.onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    const url = new URL(this.serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  /** A topic prefix of its own (KAFKA_TOPIC_PREFIX); its topics are deleted at the end of the run. */
  topicPrefix(label: string): string {
    const prefix = `bench-${this.id}-${label}-${(this.counter += 1)}.`;
    this.onCleanup(`topics ${prefix}*`, () => this.deleteTopics(prefix));
    return prefix;
  }

  onCleanup(label: string, run: Cleanup): void {
    this.cleanups.push({ label, run });
  }

  /** Runs every clean-up, newest first; one that fails is reported and the others still run. */
  async cleanUp(): Promise<void> {
    while (this.cleanups.length > 0) {
      const cleanup = this.cleanups.pop()!;
      try {
        await cleanup.run();
      } catch (error) {
        this.log(`clean-up of ${cleanup.label} failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  }

  private async onServer(sql: string): Promise<void> {
    const client = new Client({ connectionString: this.serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  private async deleteTopics(prefix: string): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
      if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    } finally {
      await admin.disconnect();
    }
  }
}
