import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { NestApplicationOptions } from '@nestjs/common';
import { json, type Request, type RequestHandler, type Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { unacceptedBodyReason } from './json-bodies-only';

/**
 * Apps are created without Nest's body parsers: the body is read by {@link JsonBodyInterceptor},
 * after the API-key guard. Pass these options to `NestFactory.create` / `createNestApplication`.
 */
export const HTTP_APP_OPTIONS = { bodyParser: false } as const satisfies NestApplicationOptions;

/**
 * Reads a request's JSON body once the guards have let it through, so a write without the right key
 * is a 401 whatever its body, and a stranger's body is never read, let alone parsed. A key holder's
 * bad body is then refused as before: 415 for a body that is not JSON, 400 for malformed JSON and
 * 413 over the body limit (body-parser's errors, which the error filter shapes).
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  private readonly parse: RequestHandler;

  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    // The media types unacceptedBodyReason lets through: application/json and structured +json types.
    this.parse = json({ limit: config.http.bodyLimit, type: ['application/json', 'application/*+json'] });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    return from(this.readBody(http.getRequest<Request>(), http.getResponse<Response>())).pipe(
      switchMap(() => next.handle()),
    );
  }

  private readBody(request: Request, response: Response): Promise<void> {
    const refused = unacceptedBodyReason(request);
    if (refused !== null) return Promise.reject(new UnsupportedMediaTypeException(refused));
    return new Promise((resolve, reject) => {
      void this.parse(request, response, (error?: unknown) => (error ? reject(error) : resolve()));
    });
  }
}
