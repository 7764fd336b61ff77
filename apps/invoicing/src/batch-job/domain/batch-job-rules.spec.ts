import { randomUUID } from 'node:crypto';
import {
  BatchJobRequest,
  ExistingJob,
  checkSingleActiveInvoiceJob,
  defineBatchJob as sut,
} from './batch-job-rules';

const request = (overrides: Partial<BatchJobRequest> = {}): BatchJobRequest => ({
  name: 'Create invoices',
  workflow: 'ProcessRunCaller',
  ...overrides,
});
const codes = (overrides: Partial<BatchJobRequest>) => {
  const result = sut(request(overrides));
  return result.ok ? [] : result.violations.map((v) => [v.code, v.field]);
};

describe('defineBatchJob (docs/product.md 2.1)', () => {
  it('defaults to a daily, active job of type None', () => {
    expect(sut(request())).toEqual({
      ok: true,
      definition: {
        name: 'Create invoices',
        workflow: 'ProcessRunCaller',
        jobType: 'None',
        frequency: 'Daily',
        frequencyMs: 86_400_000,
        isActive: true,
      },
    });
  });

  it('keeps an explicit frequency and isActive', () => {
    expect(sut(request({ frequency: 'PT5S', isActive: false }))).toMatchObject({
      ok: true,
      definition: { frequency: 'PT5S', frequencyMs: 5_000, isActive: false },
    });
  });

  describe('for an invoice workflow', () => {
    it.each([
      'Create invoices',
      'CREATE INVOICES nightly',
      'create invoices',
      'Create Project Operations invoices',
      'Nightly: create all invoices',
    ])('accepts the name %j', (name) => {
      expect(codes({ name, workflow: 'ProcessRunner' })).toEqual([]);
    });

    it.each(['Invoices', 'Create invoice', 'Invoices to create', 'Recreate invoices', 'Create invoicesX'])(
      'refuses the name %j',
      (name) => {
        expect(codes({ name })).toEqual([['NAME_MUST_CONTAIN_CREATE_INVOICES', 'name']]);
      },
    );
  });

  it('has no name rule for UpdateRoleUtilization, which creates no invoices', () => {
    expect(codes({ name: 'Utilization', workflow: 'UpdateRoleUtilization' })).toEqual([]);
  });

  it('refuses a job type other than None', () => {
    expect(codes({ jobType: 'Recurring' })).toEqual([['UNSUPPORTED_JOB_TYPE', 'jobType']]);
  });

  it('names every broken rule at once', () => {
    expect(codes({ name: ' ', workflow: 'Sleep', frequency: 'P1M', jobType: 'X' })).toEqual([
      ['NAME_REQUIRED', 'name'],
      ['UNKNOWN_WORKFLOW', 'workflow'],
      ['UNSUPPORTED_JOB_TYPE', 'jobType'],
      ['INVALID_FREQUENCY', 'frequency'],
    ]);
  });
});

describe('checkSingleActiveInvoiceJob (docs/product.md 2.5)', () => {
  const job = (overrides: Partial<ExistingJob> = {}): ExistingJob => ({
    batchJobId: randomUUID(),
    name: 'Create invoices',
    workflow: 'ProcessRunCaller',
    isActive: true,
    ...overrides,
  });

  it('refuses a second active invoice job, naming the existing one', () => {
    const existing = job({ workflow: 'ProcessRunner' });
    const decision = checkSingleActiveInvoiceJob({ batchJobId: null, workflow: 'ProcessRunCaller' }, [
      existing,
    ]);
    expect(decision).toMatchObject({ ok: false, violation: { code: 'ACTIVE_INVOICE_JOB_EXISTS' } });
    expect(decision.ok ? '' : decision.violation.message).toContain(existing.batchJobId);
  });

  it('allows it when the other invoice jobs are inactive', () => {
    const decision = checkSingleActiveInvoiceJob({ batchJobId: null, workflow: 'ProcessRunner' }, [
      job({ isActive: false }),
    ]);
    expect(decision.ok).toBe(true);
  });

  it('does not count utilization jobs, in either direction', () => {
    const utilization = job({ workflow: 'UpdateRoleUtilization' });
    expect(
      checkSingleActiveInvoiceJob({ batchJobId: null, workflow: 'ProcessRunner' }, [utilization]).ok,
    ).toBe(true);
    expect(
      checkSingleActiveInvoiceJob({ batchJobId: null, workflow: 'UpdateRoleUtilization' }, [job()]).ok,
    ).toBe(true);
  });

  it('does not conflict a job with itself when it is re-activated', () => {
    const self = job();
    expect(
      checkSingleActiveInvoiceJob({ batchJobId: self.batchJobId, workflow: self.workflow }, [self]).ok,
    ).toBe(true);
  });
});
