import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { ensureTopics, finiteRetentionEventLogs, topicReplication } from './ensure-topics';
import { createKafka } from './kafka.factory';
import { SERVICE_TOPICS } from './kafka.tokens';

const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Creates the service's topics at start. Kafka being down must not keep the service from starting
 * (readiness reports it, and the outbox holds events until Kafka returns), so a failed first attempt
 * keeps retrying in the background; consumers wait on {@link ready} before subscribing.
 */
@Injectable()
export class TopicProvisioner implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TopicProvisioner.name);
  private readonly readyPromise: Promise<void>;
  private markReady!: () => void;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private attempts = 0;
  /** Few retries per attempt: this class retries on its own schedule, and start-up must not stall. */
  private readonly kafka: Kafka;

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(SERVICE_TOPICS) readonly topicNames: readonly string[],
  ) {
    this.kafka = createKafka(config.kafka, config.logLevel, { retry: { retries: 1, initialRetryTime: 300 } });
    this.readyPromise = new Promise((resolve) => (this.markReady = resolve));
  }

  /** Resolves once every topic exists; never rejects. Do not await it in a lifecycle hook. */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  async onModuleInit(): Promise<void> {
    await this.attempt();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  private async attempt(): Promise<void> {
    this.attempts += 1;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const { topicPartitions, topicReplicationFactor, topicMinInsyncReplicas } = this.config.kafka;
      const replication = await topicReplication(admin, {
        replicationFactor: topicReplicationFactor,
        minInsyncReplicas: topicMinInsyncReplicas,
      });
      const created = await ensureTopics(admin, this.topicNames, topicPartitions, replication);
      if (created.length > 0) {
        const { replicationFactor, minInsyncReplicas } = replication;
        this.logger.log(
          `Created topics ${created.join(', ')} (replication factor ${replicationFactor}, min.insync.replicas ${minInsyncReplicas})`,
        );
      }
      await this.warnOfFiniteRetention(admin);
      this.markReady();
    } catch (error) {
      this.scheduleRetry(error);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** A rebuild replays the event log from offset 0; a finite retention would lose its start. */
  private async warnOfFiniteRetention(admin: Admin): Promise<void> {
    for (const { topic, retentionMs } of await finiteRetentionEventLogs(admin, this.topicNames)) {
      this.logger.warn(
        `Topic ${topic} has retention.ms=${retentionMs}: events older than that are deleted and a projection ` +
          'rebuild cannot replay them; set retention.ms=-1 on it',
      );
    }
  }

  private scheduleRetry(error: unknown): void {
    if (this.stopped) return;
    const delay = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** Math.min(this.attempts - 1, 5));
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(`Could not create topics (${reason}); retrying in ${delay} ms`);
    this.retryTimer = setTimeout(() => void this.attempt(), delay);
    this.retryTimer.unref();
  }
}
