import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';

type HttpLabel = 'method' | 'route' | 'status_code';

/** The path the middleware itself is mounted on; a request that matched nothing else still shows it. */
export const ALL_ROUTES = '{*path}';

function routeLabel(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string' || path.includes(ALL_ROUTES)) return 'unmatched';
  return `${request.baseUrl}${path}`;
}

/**
 * Counts and times every HTTP request, labelled by the route template (`/contracts/:contractId`),
 * never the raw URL, so ids cannot blow up the number of series. Unmatched paths share one label.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly requests: Counter<HttpLabel>;
  private readonly duration: Histogram<HttpLabel>;

  constructor(metrics: MetricsRegistry) {
    const labels: HttpLabel[] = ['method', 'route', 'status_code'];
    this.requests = metrics.counter('http_requests_total', 'HTTP requests answered', labels);
    this.duration = metrics.histogram(
      'http_request_duration_seconds',
      'HTTP request duration in seconds',
      labels,
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const stopTimer = this.duration.startTimer();
    response.on('finish', () => {
      const labels = {
        method: request.method,
        route: routeLabel(request),
        status_code: String(response.statusCode),
      };
      this.requests.inc(labels);
      stopTimer(labels);
    });
    next();
  }
}
