import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { CommandOptions } from '../command-handler';

const VERSION_TAG = /^(?:W\/)?"?(\d{1,9})"?$/;
const CORRELATION_HEADER = 'x-correlation-id';
const MAX_CORRELATION_ID_LENGTH = 200;

/** The version an `If-Match` header names (`"3"`), undefined when absent or `*`. */
export function expectedVersionFrom(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = VERSION_TAG.exec(header.trim());
  if (match) return Number(match[1]);
  const problem = 'If-Match must be the ETag of the contract, a quoted version such as "3"';
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: 'Invalid field: If-Match',
    errors: [{ field: 'If-Match', problems: [problem] }],
  });
}

function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value && value.length <= MAX_CORRELATION_ID_LENGTH) return value;
  return randomUUID();
}

/**
 * What a write request tells the command handler besides its body: the `If-Match` version and the
 * correlation id (`X-Correlation-Id`, or a new one) stored with its events.
 */
export const WriteContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandOptions => {
    const request = context.switchToHttp().getRequest<Request>();
    return {
      expectedVersion: expectedVersionFrom(request.header('if-match')),
      metadata: { correlationId: correlationIdFrom(request.headers[CORRELATION_HEADER]), causationId: null },
    };
  },
);
