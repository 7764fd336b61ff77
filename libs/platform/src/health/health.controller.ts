import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { KafkaHealthIndicator } from './kafka.health-indicator';
import { ReadinessDetails } from './readiness-details';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly details: ReadinessDetails,
  ) {}

  /** The process runs and serves HTTP; nothing else is checked, so a restart cannot fix a dependency. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * PostgreSQL answers `SELECT 1` and a Kafka broker answers a metadata request; 503 otherwise. The
   * service's own details (the outbox relay's parked events) are shown as `up` with what they say.
   */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      () => this.kafka.isHealthy('kafka', 3000),
      ...this.details.entries().map(([key, read]) => async () => {
        const details = await read().catch((error: unknown) => ({
          message: error instanceof Error ? error.message : String(error),
        }));
        return this.indicators.check(key).up(details);
      }),
    ]);
  }
}
