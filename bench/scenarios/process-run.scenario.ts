import { ProcessRunSize } from '../support/bench-options';
import { perSecond } from '../support/measure';
import { ResultRow, ScenarioResult, mib, rate, seconds } from '../support/report';
import { ScenarioContext } from '../support/scenario-context';
import {
  BaselineMeasurement,
  ServiceRunMeasurement,
  describeRun,
  measureBaseline,
  measureServiceRunOnce,
  sizeText,
} from './process-run.measurement';

/**
 * Process run: the real run (invoicing service, run-now, until every InvoiceCreated is published)
 * against the hand-written set-based SQL plus a bare kafkajs publish of the same events, on
 * identically seeded databases. Both must bill the same: a mismatch is reported as a failed row.
 */
export async function processRun(context: ScenarioContext): Promise<ScenarioResult> {
  const size = context.options.sizes.processRun;
  const service = await measureServiceRunOnce(context, size);
  context.log(`  process run: ${describeRun(size, service)}`);
  const baseline = await measureBaseline(context, size);
  context.log(
    `  set-based baseline: ${baseline.invoices.toLocaleString('en-US')} invoices, ` +
      `${baseline.billedTransactions.toLocaleString('en-US')} transactions in ${seconds(baseline.totalMs)} ` +
      `(SQL ${seconds(baseline.sqlMs)}, publish ${seconds(baseline.publishMs)})`,
  );
  return {
    scenario: 'process-run',
    rows: processRunRows(size, service, baseline),
    raw: { size, service, baseline },
  };
}

function processRunRows(
  size: ProcessRunSize,
  service: ServiceRunMeasurement,
  baseline: BaselineMeasurement,
): ResultRow[] {
  const scenario = `process run (${sizeText(size)})`;
  const info = { ratio: null, target: '', met: null } as const;
  const sameWork =
    service.invoices === baseline.invoices && service.billedTransactions === baseline.billedTransactions;
  const timeRatio = service.totalMs / baseline.totalMs;
  return [
    {
      scenario,
      figure: 'run-now → every InvoiceCreated published',
      measured: seconds(service.totalMs),
      baseline: seconds(baseline.totalMs),
      ratio: timeRatio,
      target: '≤ 2.00×',
      met: timeRatio <= 2,
    },
    {
      scenario,
      figure: 'invoices/s',
      measured: rate(perSecond(service.invoices, service.totalMs), 'invoices'),
      baseline: rate(perSecond(baseline.invoices, baseline.totalMs), 'invoices'),
      ...info,
    },
    {
      scenario,
      figure: 'transactions/s',
      measured: rate(perSecond(service.billedTransactions, service.totalMs), 'tx'),
      baseline: rate(perSecond(baseline.billedTransactions, baseline.totalMs), 'tx'),
      ...info,
    },
    {
      scenario,
      figure: 'peak RSS of the service during the run',
      measured: mib(service.peakRssBytes),
      baseline: `${mib(service.rssBeforeBytes)} before`,
      ...info,
    },
    {
      scenario,
      figure: 'same invoices and billed transactions as the baseline',
      measured: `${service.invoices} / ${service.billedTransactions}`,
      baseline: `${baseline.invoices} / ${baseline.billedTransactions}`,
      ratio: null,
      target: 'equal',
      met: sameWork,
    },
  ];
}
