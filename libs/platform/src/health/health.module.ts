import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { KafkaHealthIndicator } from './kafka.health-indicator';
import { ReadinessDetails } from './readiness-details';

/**
 * `GET /health/live` and `GET /health/ready`; needs `DatabaseModule` and `KafkaModule` in the app.
 * Global, so that any module can add its readiness details through `ReadinessDetails`.
 */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty' })],
  controllers: [HealthController],
  providers: [KafkaHealthIndicator, ReadinessDetails],
  exports: [ReadinessDetails],
})
export class HealthModule {}
