import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Kafka } from 'kafkajs';
import { KAFKA } from '../kafka/kafka.tokens';

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref();
  });
}

/** Kafka is up when a broker answers a metadata request quickly; a fresh admin avoids stale state. */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async isHealthy<const Key extends string>(key: Key, timeoutMs = 3000): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    const admin = this.kafka.admin({ retry: { retries: 0 } });
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
