import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Kafka } from 'kafkajs';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { createKafka } from '../kafka/kafka.factory';

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref();
  });
}

/**
 * Kafka is up when a broker answers a metadata request quickly. The probe has a client of its own
 * that never retries, so a dead broker fails it at once instead of leaving retries running behind it.
 */
@Injectable()
export class KafkaHealthIndicator {
  private readonly kafka: Kafka;

  constructor(
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.kafka = createKafka(config.kafka, 'fatal', { retry: { retries: 0 } });
  }

  async isHealthy<const Key extends string>(key: Key, timeoutMs = 3000): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    const admin = this.kafka.admin();
    const probe = (async () => {
      await admin.connect();
      return admin.describeCluster();
    })();
    // Disconnect whenever the probe settles, also after the timeout has already answered.
    probe.finally(() => admin.disconnect().catch(() => undefined)).catch(() => undefined);
    try {
      const cluster = await Promise.race([probe, timeout(timeoutMs)]);
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
