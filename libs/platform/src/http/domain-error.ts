import { HttpStatus } from '@nestjs/common';

/**
 * A broken business rule, named by a stable code (e.g. `MILESTONE_ON_TIME_AND_MATERIAL_LINE`).
 * Application code throws it; the HTTP layer maps the code to a status through a table.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string = code,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export type DomainErrorStatus =
  | HttpStatus.BAD_REQUEST
  | HttpStatus.NOT_FOUND
  | HttpStatus.CONFLICT
  | HttpStatus.PRECONDITION_FAILED
  | HttpStatus.UNPROCESSABLE_ENTITY;

/** Code to status; a code missing from the table is a broken rule: 422. */
export type DomainErrorStatusTable = Readonly<Record<string, DomainErrorStatus>>;

/** DI token for the service's {@link DomainErrorStatusTable}. */
export const DOMAIN_ERROR_STATUSES = Symbol('DOMAIN_ERROR_STATUSES');

export interface DomainErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function domainErrorStatus(code: string, table: DomainErrorStatusTable): DomainErrorStatus {
  return Object.prototype.hasOwnProperty.call(table, code) ? table[code] : HttpStatus.UNPROCESSABLE_ENTITY;
}
