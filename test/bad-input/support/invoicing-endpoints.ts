import { WORKFLOWS } from '@app/event-contracts';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Endpoint } from './bad-requests';
import { notADateText, notAnIntegerBetween, notAUuidText, notOneOfText, QueryEndpoint } from './bad-queries';
import { HOSTILE_TEXT, notADate, notAString, notOneOf, tooLong } from './hostile-values';
import { InvoicingFixture, RUN_DATE } from './invoicing-fixture';

/** Names an invoice job may not have: close misses of "create invoices", and hostile text. */
const namesWithoutTheWords = fc.constantFrom(
  '',
  'Create invoice',
  'Create-invoices',
  'createinvoices',
  'Create\u200binvoices',
  'Créate invoices',
  'invoices create',
  ...HOSTILE_TEXT,
  'Create invoices\u0000',
);

const badFrequency = fc.oneof(
  fc.constantFrom(
    '',
    'P',
    'PT',
    'P1Y',
    'P1M',
    'PT0S',
    '-PT1S',
    'PT0.5S',
    'P367D',
    'P1000000W',
    'PT1H1H',
    '1e400',
  ),
  fc.constantFrom('Weekly', 'daily', 'HOURLY', 'P99999999999999999999D', ...HOSTILE_TEXT),
  tooLong(40),
  notAString,
);

/** Every write endpoint of the invoicing service (docs/product.md 4.5), against the fixture. */
export function invoicingEndpoints(fixture: () => InvoicingFixture): Endpoint[] {
  const job = () => ({ batchJobId: fixture().batchJobId });
  return [
    {
      name: 'POST /batch-jobs',
      method: 'POST',
      route: '/batch-jobs',
      validBody: () => ({
        name: 'Create invoices weekly',
        workflow: 'ProcessRunCaller',
        frequency: 'P7D',
        jobType: 'None',
        isActive: false,
      }),
      badFields: {
        name: fc.oneof(namesWithoutTheWords, tooLong(200), notAString, fc.constant(null)),
        workflow: notOneOf(WORKFLOWS),
        frequency: badFrequency,
        jobType: notOneOf(['None']),
        isActive: fc.constantFrom<unknown>('true', 'false', 1, 0, 'yes', [], {}, [true]),
      },
      required: ['name', 'workflow'],
    },
    {
      name: 'POST /batch-jobs/{id}/run-now',
      method: 'POST',
      route: '/batch-jobs/:batchJobId/run-now',
      ids: job,
      validBody: () => ({ runDate: RUN_DATE }),
      badFields: { runDate: notADate },
    },
    {
      name: 'POST /batch-jobs/{id}/activate',
      method: 'POST',
      route: '/batch-jobs/:batchJobId/activate',
      ids: job,
    },
    {
      name: 'POST /batch-jobs/{id}/deactivate',
      method: 'POST',
      route: '/batch-jobs/:batchJobId/deactivate',
      ids: job,
    },
    {
      name: 'POST /invoices/{id}/confirm',
      method: 'POST',
      route: '/invoices/:id/confirm',
      ids: () => ({ id: fixture().draftInvoiceId }),
    },
    {
      name: 'POST /invoices/{id}/cancel',
      method: 'POST',
      route: '/invoices/:id/cancel',
      ids: () => ({ id: fixture().draftInvoiceId }),
    },
    {
      name: 'POST /invoices/{id}/correct',
      method: 'POST',
      route: '/invoices/:id/correct',
      ids: () => ({ id: fixture().confirmedInvoiceId }),
    },
    { name: 'POST /projection/rebuild', method: 'POST', route: '/projection/rebuild' },
  ];
}

const limit = (max: number) => ({ bad: notAnIntegerBetween(1, max), valid: () => '10' });

/** The read endpoints with query parameters (docs/product.md 4.5). */
export function invoicingQueries(fixture: () => InvoicingFixture): QueryEndpoint[] {
  return [
    {
      name: 'GET /invoices',
      path: () => '/invoices',
      params: {
        contractId: { bad: notAUuidText, valid: () => fixture().contractId },
        status: { bad: notOneOfText(['Draft', 'Confirmed', 'Cancelled']), valid: () => 'Draft' },
        processRunId: { bad: notAUuidText, valid: () => fixture().processRunId },
        limit: limit(500),
        cursor: {
          bad: fc.oneof(fc.constantFrom('', 'abc', 'eyJ9', '%%%'), notAUuidText),
          valid: () => randomUUID(),
        },
      },
    },
    {
      name: 'GET /process-runs',
      path: () => '/process-runs',
      params: { batchJobId: { bad: notAUuidText, valid: () => fixture().batchJobId }, limit: limit(1000) },
    },
    {
      name: 'GET /schedule-entries',
      path: () => '/schedule-entries',
      params: { contractId: { bad: notAUuidText, valid: () => fixture().contractId } },
      required: ['contractId'],
    },
    {
      name: 'GET /invoice-preview',
      path: () => '/invoice-preview',
      params: {
        runDate: { bad: notADateText, valid: () => RUN_DATE },
        limit: limit(200),
        cursor: {
          // Any id the projection may hold makes a cursor; these are not base64url of one.
          bad: fc.constantFrom('', '%%%', 'a b', 'AA', 'x'.repeat(1401)),
          valid: () => Buffer.from(fixture().contractId, 'utf8').toString('base64url'),
        },
      },
      required: ['runDate'],
    },
    {
      name: 'GET /role-utilization',
      path: () => '/role-utilization',
      params: {
        from: { bad: notADateText, valid: () => '2025-01-01' },
        to: {
          bad: fc.oneof(notADateText, fc.constantFrom('2024-12-31', '2026-01-03')),
          valid: () => '2025-01-07',
        },
      },
      required: ['from', 'to'],
    },
  ];
}

/** Reads by id in the path. */
export function invoicingReadPaths(fixture: () => InvoicingFixture): Endpoint[] {
  return [
    {
      name: 'GET /batch-jobs/{id}',
      method: 'GET',
      route: '/batch-jobs/:batchJobId',
      ids: () => ({ batchJobId: fixture().batchJobId }),
    },
    {
      name: 'GET /process-runs/{id}',
      method: 'GET',
      route: '/process-runs/:processRunId',
      ids: () => ({ processRunId: fixture().processRunId }),
    },
    {
      name: 'GET /invoices/{id}',
      method: 'GET',
      route: '/invoices/:id',
      ids: () => ({ id: fixture().draftInvoiceId }),
    },
  ];
}
