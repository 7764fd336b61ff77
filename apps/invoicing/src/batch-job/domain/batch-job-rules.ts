import { WORKFLOWS, Workflow } from '@app/event-contracts';
import { BatchJobDecision, BatchJobRuleViolation, allow, refuse } from './batch-job-rule-violation';
import { DEFAULT_FREQUENCY, parseFrequency } from './frequency';

export const JOB_TYPES = ['None'] as const;
export type JobType = (typeof JOB_TYPES)[number];

/** The workflows that create invoices; `UpdateRoleUtilization` only recomputes a report. */
export const INVOICE_WORKFLOWS: readonly Workflow[] = ['ProcessRunCaller', 'ProcessRunner'];

export function isInvoiceWorkflow(workflow: Workflow): boolean {
  return INVOICE_WORKFLOWS.includes(workflow);
}

/** A create request as it arrives (already shape-checked by the API layer). */
export interface BatchJobRequest {
  readonly name: string;
  readonly workflow: string;
  readonly frequency?: string;
  readonly jobType?: string;
  readonly isActive?: boolean;
}

export interface BatchJobDefinition {
  readonly name: string;
  readonly workflow: Workflow;
  readonly jobType: JobType;
  /** As the operator wrote it ('Daily', 'PT5S', ...), for display. */
  readonly frequency: string;
  readonly frequencyMs: number;
  readonly isActive: boolean;
}

export type BatchJobDefinitionResult =
  | { readonly ok: true; readonly definition: BatchJobDefinition }
  | { readonly ok: false; readonly violations: readonly BatchJobRuleViolation[] };

/**
 * The seed's job rules (docs/product.md 2.1): frequency `Daily` and `isActive` by default, job type `None`,
 * and an invoice job's name must contain the words "create" and then "invoices", in any case.
 * Words, not the exact phrase: the seed's own example name, "Create Project Operations invoices",
 * must pass. An `UpdateRoleUtilization` job has no name rule: the rule exists so that operators
 * recognise the invoice job, and the utilization job creates no invoices.
 * Every broken rule is reported, each naming its field.
 */
export function defineBatchJob(request: BatchJobRequest): BatchJobDefinitionResult {
  const violations: BatchJobRuleViolation[] = [];
  const name = request.name.trim();
  if (name === '') violations.push({ code: 'NAME_REQUIRED', message: 'a job needs a name', field: 'name' });
  const workflow = WORKFLOWS.find((w) => w === request.workflow);
  if (workflow === undefined) {
    violations.push({
      code: 'UNKNOWN_WORKFLOW',
      message: `workflow must be one of ${WORKFLOWS.join(', ')}`,
      field: 'workflow',
    });
  } else if (name !== '' && isInvoiceWorkflow(workflow) && !nameSaysCreateInvoices(name)) {
    violations.push({
      code: 'NAME_MUST_CONTAIN_CREATE_INVOICES',
      message: `the name of a ${workflow} job must contain the words "create invoices"`,
      field: 'name',
    });
  }
  const jobType = request.jobType ?? 'None';
  if (jobType !== 'None') {
    violations.push({ code: 'UNSUPPORTED_JOB_TYPE', message: 'jobType must be None', field: 'jobType' });
  }
  const frequency = request.frequency ?? DEFAULT_FREQUENCY;
  const parsed = parseFrequency(frequency);
  if (!parsed.ok) violations.push(parsed.violation);
  if (violations.length > 0 || workflow === undefined || !parsed.ok) return { ok: false, violations };
  return {
    ok: true,
    definition: {
      name,
      workflow,
      jobType: 'None',
      frequency,
      frequencyMs: parsed.value,
      isActive: request.isActive ?? true,
    },
  };
}

export function nameSaysCreateInvoices(name: string): boolean {
  return /\bcreate\b.*\binvoices\b/i.test(name);
}

export interface ExistingJob {
  readonly batchJobId: string;
  readonly name: string;
  readonly workflow: Workflow;
  readonly isActive: boolean;
}

/**
 * docs/product.md 2.5: one active invoice job. A job that is, or is about to become, active with an invoice
 * workflow conflicts with any other active invoice job; the violation names it. Utilization jobs
 * never conflict. The database enforces the same rule (a partial unique index) against races.
 */
export function checkSingleActiveInvoiceJob(
  candidate: { readonly batchJobId: string | null; readonly workflow: Workflow },
  jobs: readonly ExistingJob[],
): BatchJobDecision<null> {
  if (!isInvoiceWorkflow(candidate.workflow)) return allow(null);
  const existing = jobs.find(
    (job) => job.isActive && isInvoiceWorkflow(job.workflow) && job.batchJobId !== candidate.batchJobId,
  );
  if (existing === undefined) return allow(null);
  return refuse(
    'ACTIVE_INVOICE_JOB_EXISTS',
    `invoice job ${existing.batchJobId} ("${existing.name}") is already active`,
  );
}
