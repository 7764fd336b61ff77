import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { ApiKeys, bearerToken } from './api-keys';
import { IS_PUBLIC_KEY } from './public.decorator';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Writes need `Authorization: Bearer <key>`; reads too when `API_KEYS_FOR_READS=true`. With no keys
 * configured everything is open (development; refused in production by config validation).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: ApiKeys;
  private readonly keysForReads: boolean;

  constructor(
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
    private readonly reflector: Reflector,
  ) {
    this.keys = new ApiKeys(config.auth.apiKeys);
    this.keysForReads = config.auth.keysForReads;
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || !this.keys.configured) return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (READ_METHODS.has(request.method) && !this.keysForReads) return true;
    const presented = bearerToken(request.headers.authorization);
    if (presented !== null && this.keys.matches(presented)) return true;
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
    throw new UnauthorizedException({
      statusCode: 401,
      error: 'Unauthorized',
      message:
        presented === null
          ? 'An API key is required: send "Authorization: Bearer <key>"'
          : 'The API key is not valid',
    });
  }
}
