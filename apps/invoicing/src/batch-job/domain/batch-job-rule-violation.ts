/**
 * Every way a batch job request or transition can be refused, as named values. The kind says how
 * an adapter answers: `InvalidInput` (400), `RuleBroken` (422), `Conflict` (409).
 */
export const BATCH_JOB_RULE_VIOLATIONS = {
  NAME_REQUIRED: 'InvalidInput',
  UNKNOWN_WORKFLOW: 'InvalidInput',
  INVALID_FREQUENCY: 'InvalidInput',
  UNSUPPORTED_JOB_TYPE: 'InvalidInput',
  NAME_MUST_CONTAIN_CREATE_INVOICES: 'RuleBroken',
  RUN_DATE_IN_FUTURE: 'RuleBroken',
  ACTIVE_INVOICE_JOB_EXISTS: 'Conflict',
  JOB_ALREADY_ACTIVE: 'Conflict',
  RUN_IN_PROGRESS: 'Conflict',
  NO_RUN_IN_PROGRESS: 'Conflict',
} as const;

export type BatchJobRuleViolationCode = keyof typeof BATCH_JOB_RULE_VIOLATIONS;
export type BatchJobRuleViolationKind = (typeof BATCH_JOB_RULE_VIOLATIONS)[BatchJobRuleViolationCode];

export interface BatchJobRuleViolation {
  readonly code: BatchJobRuleViolationCode;
  readonly message: string;
  /** The offending request field, when there is one. */
  readonly field?: string;
}

export type BatchJobDecision<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly violation: BatchJobRuleViolation };

export function allow<T>(value: T): BatchJobDecision<T> {
  return { ok: true, value };
}

export function refuse<T>(
  code: BatchJobRuleViolationCode,
  message: string,
  field?: string,
): BatchJobDecision<T> {
  return { ok: false, violation: field === undefined ? { code, message } : { code, message, field } };
}

export function batchJobViolationKind(code: BatchJobRuleViolationCode): BatchJobRuleViolationKind {
  return BATCH_JOB_RULE_VIOLATIONS[code];
}
