import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { KafkaHealthIndicator } from './kafka.health-indicator';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
  ) {}

  /** The process runs and serves HTTP; nothing else is checked, so a restart cannot fix a dependency. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** PostgreSQL answers `SELECT 1` and a Kafka broker answers a metadata request; 503 otherwise. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      () => this.kafka.isHealthy('kafka', 3000),
    ]);
  }
}
