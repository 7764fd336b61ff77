import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ALL_ROUTES, HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';

/**
 * `GET /metrics` in Prometheus text format: process defaults, HTTP counters and whatever services
 * register through the injectable {@link MetricsRegistry}. Written on prom-client directly because
 * the Nest wrapper binds to prom-client's global registry and records no HTTP metrics.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsRegistry],
  exports: [MetricsRegistry],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: ALL_ROUTES, method: RequestMethod.ALL });
  }
}
