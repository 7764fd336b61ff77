import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ANONYMOUS_READS, ReadRateLimitGuard } from '../auth/read-rate-limit.guard';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { DOMAIN_ERROR_STATUSES, DomainErrorStatusTable } from './domain-error';
import { HttpErrorFilter } from './http-error.filter';
import { JsonBodyInterceptor } from './json-body.interceptor';
import { createValidationPipe } from './validation.pipe';

export interface HttpPlatformOptions {
  /** How this service's domain error codes become HTTP statuses; unlisted codes are 422. */
  readonly domainErrorStatuses?: DomainErrorStatusTable;
}

@Injectable()
class OpenAccessWarning implements OnApplicationBootstrap {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  onApplicationBootstrap(): void {
    if (this.config.auth.apiKeys.length > 0) return;
    new Logger('ApiKeyGuard').warn(
      'API_KEYS is unset: write endpoints are open to anyone. Set API_KEYS before exposing this service.',
    );
  }
}

/**
 * The request conventions every endpoint gets, registered as app-wide providers so a test app
 * built with `Test.createTestingModule` behaves exactly like the deployed one: validation pipe,
 * error filter, API-key guard, the rate limit of anonymous reads, and the JSON body read after it.
 */
@Module({})
export class HttpPlatformModule {
  static forRoot(options: HttpPlatformOptions = {}): DynamicModule {
    return {
      module: HttpPlatformModule,
      imports: [
        ThrottlerModule.forRootAsync({
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) => ({
            throttlers: [
              // A limit of 0 turns the guard off (it skips every request); the throttler needs one above 0.
              { name: ANONYMOUS_READS, ttl: 60_000, limit: Math.max(1, config.http.readRateLimitPerMinute) },
            ],
          }),
        }),
      ],
      providers: [
        { provide: DOMAIN_ERROR_STATUSES, useValue: options.domainErrorStatuses ?? {} },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: ReadRateLimitGuard },
        { provide: APP_INTERCEPTOR, useClass: JsonBodyInterceptor },
        OpenAccessWarning,
      ],
    };
  }
}
