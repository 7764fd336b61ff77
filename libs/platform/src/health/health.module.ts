import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { KafkaHealthIndicator } from './kafka.health-indicator';

/** `GET /health/live` and `GET /health/ready`; needs `DatabaseModule` and `KafkaModule` in the app. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty' })],
  controllers: [HealthController],
  providers: [KafkaHealthIndicator],
})
export class HealthModule {}
