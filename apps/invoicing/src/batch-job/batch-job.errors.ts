import { BadRequestException, HttpStatus } from '@nestjs/common';
import { DomainError, DomainErrorStatus, DomainErrorStatusTable } from '@app/platform';
import {
  BATCH_JOB_RULE_VIOLATIONS,
  BatchJobRuleViolation,
  BatchJobRuleViolationKind,
  batchJobViolationKind,
} from './domain';

const STATUS_OF_KIND: Record<BatchJobRuleViolationKind, DomainErrorStatus> = {
  InvalidInput: HttpStatus.BAD_REQUEST,
  RuleBroken: HttpStatus.UNPROCESSABLE_ENTITY,
  Conflict: HttpStatus.CONFLICT,
};

export const BATCH_JOB_NOT_FOUND = 'BATCH_JOB_NOT_FOUND';

/** How the batch job's error codes answer over HTTP; merged into the service's table by the root module. */
export const BATCH_JOB_ERROR_STATUSES: DomainErrorStatusTable = {
  ...Object.fromEntries(
    Object.entries(BATCH_JOB_RULE_VIOLATIONS).map(([code, kind]) => [code, STATUS_OF_KIND[kind]]),
  ),
  [BATCH_JOB_NOT_FOUND]: HttpStatus.NOT_FOUND,
};

export function batchJobNotFound(batchJobId: string): DomainError {
  return new DomainError(BATCH_JOB_NOT_FOUND, `no batch job ${batchJobId}`, { batchJobId });
}

export function violationError(
  violation: BatchJobRuleViolation,
  details?: Readonly<Record<string, unknown>>,
): DomainError {
  const fields = violation.field === undefined ? {} : { field: violation.field };
  return new DomainError(violation.code, violation.message, { ...fields, ...details });
}

/**
 * Every broken rule of a create request. Bad input answers in the validation pipe's shape (400,
 * each field named); a request whose only fault is a business rule gets that rule's code (422).
 */
export function violationsError(violations: readonly BatchJobRuleViolation[]): Error {
  const invalid = violations.filter((v) => batchJobViolationKind(v.code) === 'InvalidInput');
  if (invalid.length === 0) return violationError(violations[0]);
  const errors = violations.map((v) => ({ field: v.field ?? '', problems: [v.message], code: v.code }));
  const names = errors.map((e) => e.field).join(', ');
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `${errors.length === 1 ? 'Invalid field' : `${errors.length} invalid fields`}: ${names}`,
    errors,
  });
}
