import { aContract, BatchJobView, billedItems, ProcessRunView, useE2eSystem } from '../support';

/**
 * The seed, step by step (docs/product.md 2.1-2.5, 4.5): the invoice batch job's name rule, its two workflows
 * on a durable timer (run first or sleep first, then exactly one frequency from each run's end), the
 * one-active-job rule, and timer runs that bill what became billable since the last one.
 */
const FREQUENCY = 'PT3S';
const FREQUENCY_MS = 3000;
const SEED_JOB_NAME = 'Create Project Operations invoices';

const at = (instant: string | null) => {
  if (instant === null) throw new Error('expected an instant, got null');
  return Date.parse(instant);
};
const oldestFirst = (runs: ProcessRunView[]) => [...runs].sort((a, b) => at(a.startedAt) - at(b.startedAt));

describe('the invoice batch job', () => {
  const system = useE2eSystem('e2e_seed');

  /** The job's runs that have ended, oldest first, once there are at least `count`. */
  const endedRuns = (batchJobId: string, count: number) =>
    system().waitFor(
      async () => {
        const runs = await system().invoicing.listProcessRuns(batchJobId);
        const ended = oldestFirst(runs.filter((run) => run.endedAt !== null));
        return ended.length >= count ? ended : null;
      },
      { timeoutMs: 30_000, intervalMs: 200, description: `${count} ended runs of job ${batchJobId}` },
    );

  /** The job while it sleeps after a run, with that run. */
  const sleepingAfterRun = (batchJobId: string) =>
    system().waitFor(
      async (): Promise<[BatchJobView, ProcessRunView] | null> => {
        const job = await system().invoicing.getBatchJob(batchJobId);
        if (job.state.phase !== 'Sleeping' || job.state.lastProcessRunId === null) return null;
        return [job, await system().invoicing.getProcessRun(job.state.lastProcessRunId)];
      },
      { timeoutMs: 30_000, intervalMs: 100, description: `job ${batchJobId} sleeping after a run` },
    );

  it('refuses an invoice job whose name lacks "create invoices" with 422', async () => {
    const answer = await system().invoicing.http.send('POST', '/batch-jobs', {
      name: 'Nightly invoice creation',
      workflow: 'ProcessRunner',
    });

    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body)).toMatch(/create invoices/i);
  });

  it('accepts the words in any case, with the seed defaults: job type None, frequency Daily, active', async () => {
    const job = await system().invoicing.createBatchJob({
      name: 'Nightly CREATE INVOICES',
      workflow: 'ProcessRunCaller',
    });

    try {
      expect(job).toMatchObject({
        jobType: 'None',
        frequency: 'Daily',
        isActive: true,
        state: { phase: 'Sleeping' },
      });
      expect(at(job.state.nextRunAt) - at(job.createdAt)).toBe(24 * 60 * 60 * 1000);
    } finally {
      await system().invoicing.deactivate(job.batchJobId);
    }
  });

  describe('with the ProcessRunner workflow', () => {
    let job: BatchJobView;

    beforeAll(async () => {
      job = await system().invoicing.createBatchJob({
        name: SEED_JOB_NAME,
        workflow: 'ProcessRunner',
        frequency: FREQUENCY,
      });
    });

    afterAll(async () => {
      await system().invoicing.deactivate(job.batchJobId);
    });

    it('runs first, then sleeps exactly one frequency from the end of each run', async () => {
      const runs = await endedRuns(job.batchJobId, 3);
      const [sleeping, lastRun] = await sleepingAfterRun(job.batchJobId);

      expect(at(runs[0].startedAt) - at(job.createdAt)).toBeLessThan(FREQUENCY_MS);
      for (let i = 1; i < runs.length; i += 1) {
        expect(at(runs[i].startedAt) - at(runs[i - 1].endedAt)).toBeGreaterThanOrEqual(FREQUENCY_MS);
      }
      expect(runs.every((run) => run.status === 'Succeeded' && run.workflow === 'ProcessRunner')).toBe(true);
      expect(at(sleeping.state.nextRunAt) - at(lastRun.endedAt)).toBe(FREQUENCY_MS);
    });

    it('refuses a second active invoice job with 409 naming the active one', async () => {
      const answer = await system().invoicing.http.send('POST', '/batch-jobs', {
        name: 'Create invoices again',
        workflow: 'ProcessRunCaller',
      });

      expect(answer.status).toBe(409);
      expect(JSON.stringify(answer.body)).toContain(job.batchJobId);
      expect(JSON.stringify(answer.body)).toContain(SEED_JOB_NAME);
    });

    it('announces each run on invoicing.process-runs, keyed by the job, started before completed', async () => {
      const runs = await endedRuns(job.batchJobId, 2);
      const completedIds = new Set(runs.map((run) => run.processRunId));

      const messages = await system().invoiceTopics.processRunEventsOf(job.batchJobId, (events) =>
        [...completedIds].every((id) =>
          events.some((m) => m.value.eventType === 'ProcessRunCompleted' && m.value.data.processRunId === id),
        ),
      );

      expect(messages.every((message) => message.key === job.batchJobId)).toBe(true);
      for (const run of runs) {
        const ofRun = messages.filter((message) => message.value.data.processRunId === run.processRunId);
        expect(ofRun.map((message) => message.value.eventType)).toEqual([
          'ProcessRunStarted',
          'ProcessRunCompleted',
        ]);
        expect(ofRun[1].value.data).toMatchObject({
          runDate: run.runDate,
          endedAt: run.endedAt,
          invoicesCreated: run.invoicesCreated,
          contractLinesConsidered: run.contractLinesConsidered,
        });
      }
    });

    it('bills a milestone made ready between timer runs in the next run, and nothing twice', async () => {
      const contract = await aContract(system().contracts);
      const line = await contract.fixedPriceLine();
      const invoicesOf = () => system().invoicing.invoicesOf(contract.contractId);
      const invoicesWhen = (count: number, description: string) =>
        system().waitFor(async () => ((await invoicesOf()).length >= count ? invoicesOf() : null), {
          timeoutMs: 30_000,
          description,
        });

      const first = await contract.milestone(line, '2025-01-15', '1000.00');
      const afterFirst = await invoicesWhen(1, 'the first milestone invoiced by a timer run');
      const second = await contract.milestone(line, '2025-01-31', '2000.00');
      await invoicesWhen(2, 'the second milestone invoiced by a later timer run');
      const runsSoFar = (await system().invoicing.listProcessRuns(job.batchJobId)).length;
      await endedRuns(job.batchJobId, runsSoFar + 2);

      const invoices = await invoicesOf();
      expect(invoices.map((invoice) => billedItems([invoice]))).toEqual([[first], [second]]);
      expect(invoices.map((invoice) => invoice.totalAmount)).toEqual(['1000.00', '2000.00']);
      expect(invoices[0]).toEqual(afterFirst[0]);
      expect(invoices[1].processRunId).not.toBe(invoices[0].processRunId);
    });

    it('starts no run once deactivated', async () => {
      await system().invoicing.deactivate(job.batchJobId);
      const inactive = await system().waitFor(
        async () => {
          const current = await system().invoicing.getBatchJob(job.batchJobId);
          return current.state.phase === 'Inactive' ? current : null;
        },
        { timeoutMs: 30_000, description: 'the job to become inactive' },
      );
      const runsWhenInactive = await system().invoicing.listProcessRuns(job.batchJobId);

      await new Promise((resolve) => setTimeout(resolve, FREQUENCY_MS + 1000));

      expect(inactive).toMatchObject({ isActive: false, state: { nextRunAt: null } });
      expect(await system().invoicing.listProcessRuns(job.batchJobId)).toHaveLength(runsWhenInactive.length);
    });
  });

  describe('with the ProcessRunCaller workflow', () => {
    let job: BatchJobView;

    beforeAll(async () => {
      job = await system().invoicing.createBatchJob({
        name: SEED_JOB_NAME,
        workflow: 'ProcessRunCaller',
        frequency: FREQUENCY,
      });
    });

    afterAll(async () => {
      await system().invoicing.deactivate(job.batchJobId);
    });

    it('sleeps first: no run before one frequency after creation, then one frequency from each run end', async () => {
      const firstDue = at(job.state.nextRunAt);

      const runs = await endedRuns(job.batchJobId, 2);
      const [sleeping, lastRun] = await sleepingAfterRun(job.batchJobId);

      expect(job.state.phase).toBe('Sleeping');
      expect(firstDue - at(job.createdAt)).toBe(FREQUENCY_MS);
      expect(at(runs[0].startedAt)).toBeGreaterThanOrEqual(firstDue);
      expect(at(runs[1].startedAt) - at(runs[0].endedAt)).toBeGreaterThanOrEqual(FREQUENCY_MS);
      expect(at(sleeping.state.nextRunAt) - at(lastRun.endedAt)).toBe(FREQUENCY_MS);
    });
  });
});
