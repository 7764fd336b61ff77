import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ManualClock } from '@app/platform';
import { waitFor } from '@app/testing';
import { DataSource } from 'typeorm';
import { Replica, ReplicaSet } from '../../test/process-run-apps';

interface RunTimes {
  process_run_id: string;
  status: string;
  started_at: Date;
  ended_at: Date | null;
}

interface JobTimes {
  phase: string;
  next_run_at: Date | null;
  last_process_run_id: string | null;
  created_at: Date;
}

const runsOf = (dataSource: DataSource, batchJobId: string) =>
  dataSource.query(
    `SELECT process_run_id, status, started_at, ended_at FROM invoicing.process_runs
     WHERE batch_job_id = $1 ORDER BY started_at`,
    [batchJobId],
  ) as Promise<RunTimes[]>;

const jobOf = async (dataSource: DataSource, batchJobId: string): Promise<JobTimes> => {
  const [job] = (await dataSource.query(
    `SELECT phase, next_run_at, last_process_run_id, created_at FROM invoicing.batch_jobs WHERE batch_job_id = $1`,
    [batchJobId],
  )) as JobTimes[];
  return job;
};

const createJob = async (replica: Replica, body: Record<string, unknown>): Promise<string> => {
  const response = await request(replica.app.getHttpServer()).post('/batch-jobs').send(body).expect(201);
  return response.body.batchJobId as string;
};

const ended = (runs: RunTimes[], count: number) =>
  runs.length >= count && runs.slice(0, count).every((run) => run.ended_at !== null);

describe('the durable timer (real PostgreSQL, two-second frequencies)', () => {
  let replicas: ReplicaSet;
  let sut: Replica;

  beforeEach(async () => {
    replicas = await ReplicaSet.create();
    sut = await replicas.start();
  });

  afterEach(async () => {
    await replicas?.close();
  });

  it('runs a ProcessRunner first, then sleeps exactly one frequency from the end of each run', async () => {
    const id = await createJob(sut, {
      name: 'Create invoices',
      workflow: 'ProcessRunner',
      frequency: 'PT2S',
    });

    const first = await waitFor(async () => {
      const runs = await runsOf(sut.dataSource, id);
      return ended(runs, 1) ? runs[0] : null;
    });
    const job = await jobOf(sut.dataSource, id);
    expect(first.started_at.getTime() - job.created_at.getTime()).toBeLessThan(1000);
    const sleeping = await waitFor(async () => {
      const current = await jobOf(sut.dataSource, id);
      return current.last_process_run_id === first.process_run_id && current.phase === 'Sleeping'
        ? current
        : null;
    });
    expect(sleeping.next_run_at!.getTime() - first.ended_at!.getTime()).toBe(2000);

    const runs = await waitFor(async () => {
      const all = await runsOf(sut.dataSource, id);
      return ended(all, 2) ? all : null;
    });
    const waited = runs[1].started_at.getTime() - runs[0].ended_at!.getTime();
    expect(waited).toBeGreaterThanOrEqual(2000);
    expect(waited).toBeLessThan(2000 + 1000);
  });

  it('lets a ProcessRunCaller sleep one frequency before its first run', async () => {
    const id = await createJob(sut, {
      name: 'Create invoices',
      workflow: 'ProcessRunCaller',
      frequency: 'PT2S',
    });
    const job = await jobOf(sut.dataSource, id);
    expect(job.next_run_at!.getTime() - job.created_at.getTime()).toBe(2000);

    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await runsOf(sut.dataSource, id)).toEqual([]);

    const [first] = await waitFor(async () => {
      const runs = await runsOf(sut.dataSource, id);
      return ended(runs, 1) ? runs : null;
    });
    expect(first.started_at.getTime()).toBeGreaterThanOrEqual(job.next_run_at!.getTime());
  });

  it('fires a timer that expired while every replica was down once, then counts from that run', async () => {
    await sut.close();
    const id = randomUUID();
    const longAgo = new Date(Date.now() - 3 * 86_400_000);
    // Written while no replica polls: the timer expires with nobody watching.
    const writer = await replicas.start({ processRun: { schedulerEnabled: false } });
    await writer.dataSource.query(
      `INSERT INTO invoicing.batch_jobs (batch_job_id, name, workflow, job_type, frequency, frequency_ms,
         is_active, phase, next_run_at, created_at, updated_at)
       VALUES ($1, 'Create invoices', 'ProcessRunCaller', 'None', 'Daily', 86400000, true, 'Sleeping', $2, $2, $2)`,
      [id, longAgo],
    );
    await writer.close();

    const restarted = await replicas.start();
    const [run] = await waitFor(async () => {
      const runs = await runsOf(restarted.dataSource, id);
      return ended(runs, 1) ? runs : null;
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await runsOf(restarted.dataSource, id)).toHaveLength(1);
    const job = await jobOf(restarted.dataSource, id);
    expect(job.next_run_at!.getTime() - run.ended_at!.getTime()).toBe(86_400_000);
  });

  it('counts a day from the end of each run on the service clock, to the millisecond', async () => {
    await sut.close();
    const clock = new ManualClock('2025-03-31T06:00:00.000Z');
    const timed = await replicas.start({ clock });
    const id = await createJob(timed, { name: 'Create invoices', workflow: 'ProcessRunner' });
    const [first] = await waitFor(async () => {
      const runs = await runsOf(timed.dataSource, id);
      return ended(runs, 1) ? runs : null;
    });
    expect(first.started_at.toISOString()).toBe('2025-03-31T06:00:00.000Z');
    expect((await jobOf(timed.dataSource, id)).next_run_at!.toISOString()).toBe('2025-04-01T06:00:00.000Z');

    clock.set('2025-04-01T05:59:59.999Z');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await runsOf(timed.dataSource, id)).toHaveLength(1);
    clock.set('2025-04-01T06:00:00.000Z');
    const runs = await waitFor(async () => {
      const all = await runsOf(timed.dataSource, id);
      return all.length === 2 ? all : null;
    });
    expect(runs[1].started_at.toISOString()).toBe('2025-04-01T06:00:00.000Z');
  });

  it('dates a run by the business time zone when run-now gives no date', async () => {
    const zoned = await replicas.start({
      env: { BUSINESS_TIMEZONE: 'Pacific/Kiritimati' },
      clock: new ManualClock('2025-03-31T12:00:00.000Z'),
      processRun: { schedulerEnabled: false },
    });
    const id = await createJob(zoned, {
      name: 'Create invoices',
      workflow: 'ProcessRunCaller',
      isActive: false,
    });
    const started = await request(zoned.app.getHttpServer())
      .post(`/batch-jobs/${id}/run-now`)
      .send({})
      .expect(202);
    const run = await request(zoned.app.getHttpServer())
      .get(`/process-runs/${started.body.processRunId}`)
      .expect(200);
    expect(run.body.runDate).toBe('2025-04-01');
  });

  it('never runs a job twice at once across replicas polling the same timers', async () => {
    await replicas.start();
    await replicas.start();
    const id = await createJob(sut, {
      name: 'Create invoices',
      workflow: 'ProcessRunner',
      frequency: 'PT1S',
    });
    const runs = await waitFor(
      async () => {
        const all = await runsOf(sut.dataSource, id);
        return ended(all, 4) ? all.slice(0, 4) : null;
      },
      { timeoutMs: 15_000 },
    );
    for (let i = 1; i < runs.length; i += 1) {
      expect(runs[i].started_at.getTime()).toBeGreaterThanOrEqual(runs[i - 1].ended_at!.getTime() + 1000);
    }
    expect(runs.every((run) => run.status === 'Succeeded')).toBe(true);
  });
});
