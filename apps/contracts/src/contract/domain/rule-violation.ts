import { ContractEvent } from '@app/event-contracts';

/**
 * Every way a contract command can be refused, as named values. The kind says how an adapter
 * should answer: `NotFound` (HTTP 404), `Conflict` (409: the id is taken by a different body),
 * `InvalidInput` (400: a field is malformed) and `RuleBroken` (422: well-formed but not allowed).
 */
export const CONTRACT_RULE_VIOLATIONS = {
  CONTRACT_NOT_FOUND: 'NotFound',
  CONTRACT_LINE_NOT_FOUND: 'NotFound',
  MILESTONE_NOT_FOUND: 'NotFound',
  CONTRACT_ALREADY_EXISTS: 'Conflict',
  CONTRACT_LINE_ALREADY_EXISTS: 'Conflict',
  MILESTONE_ALREADY_EXISTS: 'Conflict',
  TRANSACTION_ALREADY_RECORDED: 'Conflict',
  ID_TAKEN: 'Conflict',
  INVALID_FIELD: 'InvalidInput',
  INVALID_DATE: 'InvalidInput',
  INVALID_DECIMAL: 'InvalidInput',
  INVALID_SCHEDULE: 'InvalidInput',
  INVALID_TRANSACTION_CLASSES: 'InvalidInput',
  CURRENCY_NOT_ISO_4217: 'RuleBroken',
  INVALID_BILLING_SPLIT: 'RuleBroken',
  DUPLICATE_CUSTOMER: 'RuleBroken',
  BILLING_SPLITS_MUST_SUM_TO_100: 'RuleBroken',
  MILESTONE_ON_TIME_AND_MATERIAL_LINE: 'RuleBroken',
  SCHEDULE_ON_FIXED_PRICE_LINE: 'RuleBroken',
  TRANSACTION_ON_FIXED_PRICE_LINE: 'RuleBroken',
  NOT_TO_EXCEED_ON_FIXED_PRICE_LINE: 'RuleBroken',
  TRANSACTION_CLASS_NOT_INCLUDED: 'RuleBroken',
  AMOUNT_MUST_BE_POSITIVE: 'RuleBroken',
  AMOUNT_PRECISION_EXCEEDS_CURRENCY: 'RuleBroken',
  QUANTITY_MUST_NOT_BE_ZERO: 'RuleBroken',
  UNIT_PRICE_MUST_NOT_BE_NEGATIVE: 'RuleBroken',
  SCHEDULE_TOO_LONG: 'RuleBroken',
} as const;

export type ContractRuleViolationCode = keyof typeof CONTRACT_RULE_VIOLATIONS;
export type ContractRuleViolationKind = (typeof CONTRACT_RULE_VIOLATIONS)[ContractRuleViolationCode];
export const CONTRACT_RULE_VIOLATION_CODES = Object.keys(
  CONTRACT_RULE_VIOLATIONS,
) as readonly ContractRuleViolationCode[];

export interface RuleViolation {
  readonly code: ContractRuleViolationCode;
  readonly message: string;
  /** The offending request field as a path, e.g. `customers[1].billingSplitPercent`. */
  readonly field?: string;
}

/** What `decide` returns: the events to append (none when the command changes nothing), or why not. */
export type Decision =
  | { readonly ok: true; readonly events: readonly ContractEvent[] }
  | { readonly ok: false; readonly violation: RuleViolation };

export function accept(...events: ContractEvent[]): Decision {
  return { ok: true, events };
}

export function reject(code: ContractRuleViolationCode, message: string, field?: string): Decision {
  return { ok: false, violation: field === undefined ? { code, message } : { code, message, field } };
}

export function rejectWith(violation: RuleViolation): Decision {
  return { ok: false, violation };
}

export function violationKind(code: ContractRuleViolationCode): ContractRuleViolationKind {
  return CONTRACT_RULE_VIOLATIONS[code];
}
