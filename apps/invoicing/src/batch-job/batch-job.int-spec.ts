import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ManualClock } from '@app/platform';
import { ProcessRunLauncher } from '../invoice-run';
import { Replica, ReplicaSet } from '../../test/process-run-apps';

const invoiceJob = (overrides: Record<string, unknown> = {}) => ({
  name: 'Create Project Operations invoices',
  workflow: 'ProcessRunCaller',
  ...overrides,
});

describe('batch jobs over HTTP (real PostgreSQL)', () => {
  let replicas: ReplicaSet;
  let sut: Replica;
  const http = () => request(sut.app.getHttpServer());

  beforeAll(async () => {
    replicas = await ReplicaSet.create();
    // No scheduler: these tests are about the job rules, not about runs firing.
    sut = await replicas.start({ processRun: { schedulerEnabled: false } });
  });

  afterAll(async () => {
    await replicas?.close();
  });

  afterEach(async () => {
    await sut.dataSource.query(
      `UPDATE invoicing.batch_jobs SET is_active = false, phase = 'Inactive', next_run_at = NULL`,
    );
  });

  it('creates a daily, active job of type None whose caller sleeps one frequency first', async () => {
    const response = await http().post('/batch-jobs').send(invoiceJob()).expect(201);
    const createdAt = Date.parse(response.body.createdAt);
    expect(response.body).toMatchObject({
      name: 'Create Project Operations invoices',
      workflow: 'ProcessRunCaller',
      jobType: 'None',
      frequency: 'Daily',
      isActive: true,
      state: { phase: 'Sleeping', lastProcessRunId: null },
    });
    expect(Date.parse(response.body.state.nextRunAt) - createdAt).toBe(86_400_000);
    const fetched = await http().get(`/batch-jobs/${response.body.batchJobId}`).expect(200);
    expect(fetched.body).toEqual(response.body);
  });

  it('reports when each active job is due in /metrics, and no sample once it is deactivated', async () => {
    const job = (await http().post('/batch-jobs').send(invoiceJob()).expect(201)).body;
    const dueAt = (text: string) =>
      new RegExp(
        `^invoicing_batch_job_next_run_timestamp_seconds\\{[^}]*batch_job_id="${job.batchJobId}"[^}]*\\} (\\S+)$`,
        'm',
      ).exec(text)?.[1];

    const metrics = (await http().get('/metrics').expect(200)).text;
    expect(Number(dueAt(metrics))).toBe(Date.parse(job.state.nextRunAt) / 1000);
    expect(metrics).toMatch(new RegExp(`name="${job.name}"`));

    await http().post(`/batch-jobs/${job.batchJobId}/deactivate`).expect(200);
    expect(dueAt((await http().get('/metrics').expect(200)).text)).toBeUndefined();
  });

  it('makes a runner due at once', async () => {
    const response = await http()
      .post('/batch-jobs')
      .send(invoiceJob({ workflow: 'ProcessRunner', frequency: 'PT2S' }))
      .expect(201);
    expect(response.body.state.nextRunAt).toBe(response.body.createdAt);
  });

  it('refuses an invoice job whose name lacks "create invoices" with 422', async () => {
    const response = await http()
      .post('/batch-jobs')
      .send(invoiceJob({ name: 'Nightly billing' }))
      .expect(422);
    expect(response.body).toMatchObject({
      code: 'NAME_MUST_CONTAIN_CREATE_INVOICES',
      details: { field: 'name' },
    });
  });

  it('names every bad field with 400', async () => {
    const response = await http()
      .post('/batch-jobs')
      .send({ name: 'Create invoices', workflow: 'Sleep', isActive: 'yes', extra: 1 })
      .expect(400);
    const fields = response.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['extra', 'isActive', 'workflow']);
  });

  it('answers a frequency that is no duration with 400 naming frequency', async () => {
    const response = await http()
      .post('/batch-jobs')
      .send(invoiceJob({ frequency: 'P1M' }))
      .expect(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'frequency', code: 'INVALID_FREQUENCY' }),
    ]);
  });

  it('refuses a second active invoice job with 409 naming the existing one', async () => {
    const first = await http().post('/batch-jobs').send(invoiceJob()).expect(201);
    const second = await http()
      .post('/batch-jobs')
      .send(invoiceJob({ workflow: 'ProcessRunner' }))
      .expect(409);
    expect(second.body).toMatchObject({ code: 'ACTIVE_INVOICE_JOB_EXISTS' });
    expect(second.body.message).toContain(first.body.batchJobId);
  });

  it('lets exactly one of many racing creates win', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => http().post('/batch-jobs').send(invoiceJob())),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const winner = responses.find((r) => r.status === 201)!;
    for (const loser of responses.filter((r) => r.status === 409)) {
      expect(loser.body).toMatchObject({
        code: 'ACTIVE_INVOICE_JOB_EXISTS',
        details: { existingBatchJobId: winner.body.batchJobId },
      });
    }
  });

  it('allows inactive invoice jobs and utilization jobs beside the active one', async () => {
    await http().post('/batch-jobs').send(invoiceJob()).expect(201);
    await http()
      .post('/batch-jobs')
      .send(invoiceJob({ isActive: false }))
      .expect(201);
    await http()
      .post('/batch-jobs')
      .send({ name: 'Utilization', workflow: 'UpdateRoleUtilization', frequency: 'Hourly' })
      .expect(201);
  });

  it('deactivates and reactivates a job, and refuses to activate an active one', async () => {
    const job = await http().post('/batch-jobs').send(invoiceJob()).expect(201);
    const id = job.body.batchJobId;
    const deactivated = await http().post(`/batch-jobs/${id}/deactivate`).expect(200);
    expect(deactivated.body).toMatchObject({
      isActive: false,
      state: { phase: 'Inactive', nextRunAt: null },
    });
    const activated = await http().post(`/batch-jobs/${id}/activate`).expect(200);
    expect(activated.body).toMatchObject({ isActive: true, state: { phase: 'Sleeping' } });
    const again = await http().post(`/batch-jobs/${id}/activate`).expect(409);
    expect(again.body.code).toBe('JOB_ALREADY_ACTIVE');
  });

  it('refuses to activate a job while another invoice job is active', async () => {
    const dormant = await http()
      .post('/batch-jobs')
      .send(invoiceJob({ isActive: false }))
      .expect(201);
    const active = await http().post('/batch-jobs').send(invoiceJob()).expect(201);
    const response = await http().post(`/batch-jobs/${dormant.body.batchJobId}/activate`).expect(409);
    expect(response.body).toMatchObject({
      code: 'ACTIVE_INVOICE_JOB_EXISTS',
      details: { existingBatchJobId: active.body.batchJobId },
    });
  });

  it('starts a run now with 202, and answers 409 while it is in progress', async () => {
    const job = await http().post('/batch-jobs').send(invoiceJob()).expect(201);
    const id = job.body.batchJobId;
    // Claimed but not executed (no supervisor involved): the run stays in progress.
    const running = await sut.app.get(ProcessRunLauncher).startNow(id, '2025-03-31');
    const refused = await http().post(`/batch-jobs/${id}/run-now`).send({}).expect(409);
    expect(refused.body).toMatchObject({
      code: 'RUN_IN_PROGRESS',
      details: { processRunId: running.processRunId },
    });
    const state = await http().get(`/batch-jobs/${id}`).expect(200);
    expect(state.body.state).toEqual({
      phase: 'Running',
      nextRunAt: null,
      lastProcessRunId: running.processRunId,
    });
  });

  it('runs an inactive job once on demand and leaves it inactive', async () => {
    const job = await http()
      .post('/batch-jobs')
      .send(invoiceJob({ isActive: false }))
      .expect(201);
    const id = job.body.batchJobId;
    const started = await http()
      .post(`/batch-jobs/${id}/run-now`)
      .send({ runDate: '2025-03-31' })
      .expect(202);
    expect(started.body.processRunId).toEqual(expect.any(String));
    const run = await waitForRun(started.body.processRunId);
    expect(run).toMatchObject({ status: 'Succeeded', runDate: '2025-03-31', batchJobId: id });
    const after = await http().get(`/batch-jobs/${id}`).expect(200);
    expect(after.body).toMatchObject({
      isActive: false,
      state: { phase: 'Inactive', lastProcessRunId: run.processRunId },
    });
  });

  it('validates the run date of a run-now', async () => {
    const job = await http()
      .post('/batch-jobs')
      .send(invoiceJob({ isActive: false }))
      .expect(201);
    const response = await http()
      .post(`/batch-jobs/${job.body.batchJobId}/run-now`)
      .send({ runDate: '2025-02-30' })
      .expect(400);
    expect(response.body.errors[0].field).toBe('runDate');
  });

  it('refuses a run-now dated after today in the business time zone with 422, and allows today', async () => {
    // 22:30 UTC on 31 March is already 1 April in Amsterdam.
    const clock = new ManualClock('2025-03-31T22:30:00.000Z');
    const amsterdam = await replicas.start({
      clock,
      env: { BUSINESS_TIMEZONE: 'Europe/Amsterdam' },
      processRun: { schedulerEnabled: false },
    });
    const at = () => request(amsterdam.app.getHttpServer());
    const job = await at()
      .post('/batch-jobs')
      .send(invoiceJob({ isActive: false }))
      .expect(201);
    const id = job.body.batchJobId;
    const refused = await at().post(`/batch-jobs/${id}/run-now`).send({ runDate: '2025-04-02' }).expect(422);
    expect(refused.body).toMatchObject({ code: 'RUN_DATE_IN_FUTURE', details: { field: 'runDate' } });
    const started = await at().post(`/batch-jobs/${id}/run-now`).send({ runDate: '2025-04-01' }).expect(202);
    const run = await waitForRun(started.body.processRunId, at);
    expect(run).toMatchObject({ runDate: '2025-04-01', batchJobId: id });
  });

  it('answers 404 for an unknown job and 400 for an id that is no UUID', async () => {
    await http().get(`/batch-jobs/${randomUUID()}`).expect(404);
    await http().post(`/batch-jobs/${randomUUID()}/run-now`).send({}).expect(404);
    await http().get('/batch-jobs/not-a-uuid').expect(400);
  });

  it('lists every job', async () => {
    const job = await http()
      .post('/batch-jobs')
      .send(invoiceJob({ isActive: false }))
      .expect(201);
    const list = await http().get('/batch-jobs').expect(200);
    expect(list.body.map((j: { batchJobId: string }) => j.batchJobId)).toContain(job.body.batchJobId);
  });

  async function waitForRun(processRunId: string, client = http): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const response = await client().get(`/process-runs/${processRunId}`).expect(200);
      if (response.body.status !== 'Running') return response.body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`process run ${processRunId} did not end`);
  }
});
