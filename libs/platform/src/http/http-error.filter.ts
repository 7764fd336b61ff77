import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Inject,
  Logger,
  Optional,
} from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import {
  DOMAIN_ERROR_STATUSES,
  DomainError,
  DomainErrorStatusTable,
  domainErrorStatus,
} from './domain-error';

type Body = Record<string, unknown> & { statusCode: number };

const phrase = (status: number): string => STATUS_CODES[status] ?? 'Error';

/** Errors from Express middleware (body-parser) carry a client status and `expose: true`. */
interface ClientHttpError {
  status: number;
  expose: true;
  type?: string;
  message: string;
}

function isClientHttpError(error: unknown): error is ClientHttpError {
  const candidate = error as Partial<ClientHttpError> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.expose === true &&
    typeof candidate.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500
  );
}

function clientErrorMessage(error: ClientHttpError): string {
  if (error.type === 'entity.too.large') return 'The request body is larger than this endpoint accepts';
  if (error.type === 'entity.parse.failed') return `Malformed JSON body: ${error.message}`;
  return error.message;
}

/** SQLSTATEs of a statement PostgreSQL cut short at a limit (ADR 0003): the request may simply be retried. */
const DATABASE_BUSY_STATES = new Set([
  '57014', // query_canceled: statement_timeout
  '55P03', // lock_not_available: lock_timeout
]);

function isDatabaseBusy(error: unknown): boolean {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' && DATABASE_BUSY_STATES.has(code);
}

export function httpExceptionBody(exception: HttpException): Body {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return { statusCode: status, error: phrase(status), message: response };
  return { statusCode: status, error: phrase(status), ...(response as Record<string, unknown>) };
}

/**
 * One error shape for every response: `{statusCode, error, message, ...}`. Domain errors map through
 * the service's table; malformed or oversized bodies are the client's fault (4xx); anything else
 * is a 500 that reveals nothing of the server's internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  constructor(
    @Optional() @Inject(DOMAIN_ERROR_STATUSES) private readonly statuses: DomainErrorStatusTable = {},
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const body = this.bodyFor(exception);
    const retryAfter = this.retryAfterSeconds(exception);
    if (retryAfter !== null) response.setHeader('Retry-After', String(retryAfter));
    response.status(body.statusCode).json(body);
  }

  /** Seconds a client should wait before retrying, for failures that pass by themselves. */
  retryAfterSeconds(exception: unknown): number | null {
    return isDatabaseBusy(exception) ? 1 : null;
  }

  bodyFor(exception: unknown): Body {
    if (exception instanceof HttpException) return httpExceptionBody(exception);
    if (exception instanceof DomainError) {
      const status = domainErrorStatus(exception.code, this.statuses);
      const { code, message, details } = exception;
      return { statusCode: status, error: phrase(status), code, message, ...(details ? { details } : {}) };
    }
    if (isClientHttpError(exception)) {
      const status = exception.status;
      return { statusCode: status, error: phrase(status), message: clientErrorMessage(exception) };
    }
    if (isDatabaseBusy(exception)) {
      this.logger.warn(`database limit reached: ${exception instanceof Error ? exception.message : ''}`);
      return {
        statusCode: 503,
        error: phrase(503),
        code: 'DATABASE_BUSY',
        message: 'The database is busy; try again shortly',
      };
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return { statusCode: 500, error: phrase(500), message: 'An unexpected error occurred' };
  }
}
