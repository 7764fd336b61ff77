import { ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { ApiKeys, bearerToken } from './api-keys';
import { IS_PUBLIC_KEY } from './public.decorator';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The name of the one throttler the platform registers (see `HttpPlatformModule`). */
export const ANONYMOUS_READS = 'anonymous-reads';

/**
 * Reads without a valid API key are limited per client to `READ_RATE_LIMIT_PER_MINUTE` (docs:
 * docs/product.md 5.5, open reads): a flood of anonymous GETs cannot take the database pool. Keyed reads,
 * writes (which need a key anyway), and the public health and metrics endpoints are not limited;
 * with no keys configured (development) nothing is, since nobody could present one.
 */
@Injectable()
export class ReadRateLimitGuard extends ThrottlerGuard {
  private readonly keys: ApiKeys;
  private readonly limit: number;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
  ) {
    super(options, storage, reflector);
    this.keys = new ApiKeys(config.auth.apiKeys);
    this.limit = config.http.readRateLimitPerMinute;
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(this.notLimited(context));
  }

  private notLimited(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || this.limit === 0 || !this.keys.configured) return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (!READ_METHODS.has(request.method)) return true;
    const presented = bearerToken(request.headers.authorization);
    return presented !== null && this.keys.matches(presented);
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    // The throttler names its own headers after the throttler; clients look for the plain one.
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(detail.timeToBlockExpire));
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        code: 'RATE_LIMITED',
        message:
          `At most ${this.limit} reads a minute without an API key from one client: retry after ` +
          `${detail.timeToBlockExpire} s, or send "Authorization: Bearer <key>"`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
