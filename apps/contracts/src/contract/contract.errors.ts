import { HttpStatus } from '@nestjs/common';
import { DomainError, DomainErrorStatus, DomainErrorStatusTable } from '@app/platform';
import {
  CONTRACT_RULE_VIOLATIONS,
  ContractRuleViolationCode,
  ContractRuleViolationKind,
  RuleViolation,
} from './domain';

/** A command broke a contract rule; `field` names the offending request field. */
export class ContractRuleViolationError extends DomainError {
  constructor(readonly violation: RuleViolation) {
    super(violation.code, violation.message, violation.field ? { field: violation.field } : undefined);
  }
}

/** `If-Match` named another version than the contract has. */
export class VersionMismatchError extends DomainError {
  constructor(
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super('VERSION_MISMATCH', `the contract is at version ${actualVersion}, not ${expectedVersion}`, {
      expectedVersion,
      actualVersion,
    });
  }
}

/** One refused item of a batch, named by its place in the request (`transactions[3].quantity`). */
export interface BatchItemViolation {
  readonly index: number;
  readonly field: string;
  readonly code: ContractRuleViolationCode;
  readonly message: string;
}

const BATCH_CODE_BY_KIND: Readonly<Record<ContractRuleViolationKind, string>> = {
  NotFound: 'TRANSACTIONS_NOT_FOUND',
  Conflict: 'TRANSACTIONS_CONFLICT',
  InvalidInput: 'TRANSACTIONS_INVALID',
  RuleBroken: 'TRANSACTIONS_REJECTED',
};

/**
 * The code a refused batch answers with: the items' own code when they share one; else one code
 * per kind of refusal when they share a kind; else `TRANSACTIONS_REJECTED` (422).
 */
function batchCode(violations: readonly BatchItemViolation[]): string {
  const codes = new Set(violations.map((v) => v.code));
  if (codes.size === 1) return violations[0].code;
  const kinds = new Set(violations.map((v) => CONTRACT_RULE_VIOLATIONS[v.code]));
  return kinds.size === 1 ? BATCH_CODE_BY_KIND[[...kinds][0]] : BATCH_CODE_BY_KIND.RuleBroken;
}

/** A batch is all or nothing: every refused item is listed, none is recorded. */
export class TransactionsRejectedError extends DomainError {
  constructor(readonly violations: readonly BatchItemViolation[]) {
    const fields = violations.map((v) => v.field).join(', ');
    super(batchCode(violations), `${violations.length} transactions refused, none recorded: ${fields}`, {
      errors: violations,
    });
  }
}

const STATUS_BY_KIND: Readonly<Record<ContractRuleViolationKind, DomainErrorStatus>> = {
  NotFound: HttpStatus.NOT_FOUND,
  Conflict: HttpStatus.CONFLICT,
  InvalidInput: HttpStatus.BAD_REQUEST,
  RuleBroken: HttpStatus.UNPROCESSABLE_ENTITY,
};

/**
 * How the contract rule violations become HTTP statuses (docs/product.md 4.4): unknown ids 404, an id taken
 * by a different body 409, a malformed field 400, a well-formed request a rule forbids 422, and a
 * stale `If-Match` 412.
 */
export const CONTRACT_ERROR_STATUSES: DomainErrorStatusTable = {
  ...Object.fromEntries(
    Object.entries(CONTRACT_RULE_VIOLATIONS).map(([code, kind]) => [code, STATUS_BY_KIND[kind]]),
  ),
  VERSION_MISMATCH: HttpStatus.PRECONDITION_FAILED,
  TRANSACTIONS_NOT_FOUND: HttpStatus.NOT_FOUND,
  TRANSACTIONS_CONFLICT: HttpStatus.CONFLICT,
  TRANSACTIONS_INVALID: HttpStatus.BAD_REQUEST,
  TRANSACTIONS_REJECTED: HttpStatus.UNPROCESSABLE_ENTITY,
};
