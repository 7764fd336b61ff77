import { waitFor } from '@app/testing';
import { aContract, aTimeLine, aTransaction } from './contract-fixture';
import { HttpProbe } from './http-probe';

/** Two invoices of one process run over contracts written through the contracts service. */
export interface InvoicingFixture {
  readonly contractId: string;
  /** Inactive, so no timer starts a run while the tests send bad input. */
  readonly batchJobId: string;
  readonly processRunId: string;
  readonly draftInvoiceId: string;
  readonly confirmedInvoiceId: string;
}

/** The run date of the fixture's process run. */
export const RUN_DATE = '2025-01-10';

async function ok<T>(probe: HttpProbe, method: string, path: string, body?: object): Promise<T> {
  const answer =
    body === undefined ? await probe.send({ method, path }) : await probe.sendJson(method, path, body);
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
  return answer.json as T;
}

async function billableContract(contracts: HttpProbe): Promise<string> {
  const contract = aContract();
  const line = aTimeLine();
  const base = `/contracts/${contract.contractId}`;
  await ok(contracts, 'POST', '/contracts', contract);
  await ok(contracts, 'POST', `${base}/lines`, line);
  await ok(contracts, 'PUT', `${base}/lines/${line.contractLineId}/invoice-schedule`, {
    entries: [{ invoiceRunDate: RUN_DATE }],
  });
  await ok(contracts, 'POST', `${base}/lines/${line.contractLineId}/transactions`, {
    ...aTransaction(),
    transactionDate: '2025-01-05',
  });
  return contract.contractId;
}

export async function createInvoicingFixture(
  contracts: HttpProbe,
  invoicing: HttpProbe,
): Promise<InvoicingFixture> {
  const contractIds = [await billableContract(contracts), await billableContract(contracts)];
  await waitFor(
    async () =>
      (
        await ok<{ counts: { invoicesProposed: number } }>(
          invoicing,
          'GET',
          `/invoice-preview?runDate=${RUN_DATE}`,
        )
      ).counts.invoicesProposed === 2,
    { timeoutMs: 30_000, description: 'both contracts projected into invoicing' },
  );
  const job = await ok<{ batchJobId: string }>(invoicing, 'POST', '/batch-jobs', {
    name: 'Create invoices (bad-input fixture)',
    workflow: 'ProcessRunCaller',
    isActive: false,
  });
  const { processRunId } = await ok<{ processRunId: string }>(
    invoicing,
    'POST',
    `/batch-jobs/${job.batchJobId}/run-now`,
    {
      runDate: RUN_DATE,
    },
  );
  await waitFor(
    async () =>
      (await ok<{ status: string }>(invoicing, 'GET', `/process-runs/${processRunId}`)).status ===
      'Succeeded',
    { timeoutMs: 30_000, description: 'the fixture process run succeeded' },
  );
  const page = await ok<{ items: { invoiceId: string }[] }>(
    invoicing,
    'GET',
    `/invoices?processRunId=${processRunId}`,
  );
  if (page.items.length !== 2) throw new Error(`expected two invoices, got ${JSON.stringify(page)}`);
  const [draft, confirmed] = page.items;
  await ok(invoicing, 'POST', `/invoices/${confirmed.invoiceId}/confirm`);
  return {
    contractId: contractIds[0],
    batchJobId: job.batchJobId,
    processRunId,
    draftInvoiceId: draft.invoiceId,
    confirmedInvoiceId: confirmed.invoiceId,
  };
}
