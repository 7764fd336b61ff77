import { ScheduleEntry } from '@app/event-contracts';
import { checkDate } from './field-rules';
import { entryFor, MAX_SCHEDULE_ENTRIES, ScheduleResult } from './invoice-schedule';
import { RuleViolation } from './rule-violation';

/** An entry as a client sends it: the cut-off defaults to the day before the run date. */
export interface RequestedScheduleEntry {
  readonly invoiceRunDate: string;
  readonly transactionCutoffDate?: string | null;
}

function invalid(message: string, field: string): RuleViolation {
  return { code: 'INVALID_SCHEDULE', message, field };
}

function toEntry(requested: unknown, field: string): ScheduleEntry | RuleViolation {
  if (typeof requested !== 'object' || requested === null)
    return invalid(`${field} must be an object`, field);
  const { invoiceRunDate, transactionCutoffDate } = requested as Record<string, unknown>;
  const badRunDate = checkDate(invoiceRunDate, `${field}.invoiceRunDate`);
  if (badRunDate) return badRunDate;
  const runDate = invoiceRunDate as string;
  if (transactionCutoffDate === undefined || transactionCutoffDate === null) return entryFor(runDate);
  const cutoffField = `${field}.transactionCutoffDate`;
  const badCutoff = checkDate(transactionCutoffDate, cutoffField);
  if (badCutoff) return badCutoff;
  // A run bills transactions dated on or before its cut-off, so a cut-off on or after the run date
  // would bill work that may not be recorded yet.
  if ((transactionCutoffDate as string) >= runDate) {
    return invalid(`${cutoffField} must be before the invoice run date`, cutoffField);
  }
  return { invoiceRunDate: runDate, transactionCutoffDate: transactionCutoffDate as string };
}

/**
 * A schedule given as explicit entries: unique run dates, returned sorted. An empty list is allowed
 * and withdraws the line's entries that have not run yet.
 */
export function explicitInvoiceSchedule(requested: unknown): ScheduleResult {
  if (!Array.isArray(requested))
    return { ok: false, violation: invalid('entries must be a list', 'entries') };
  if (requested.length > MAX_SCHEDULE_ENTRIES) {
    const message = `a schedule has at most ${MAX_SCHEDULE_ENTRIES} entries`;
    return { ok: false, violation: { code: 'SCHEDULE_TOO_LONG', message, field: 'entries' } };
  }
  const entries: ScheduleEntry[] = [];
  const seen = new Set<string>();
  for (const [index, item] of requested.entries()) {
    const entry = toEntry(item, `entries[${index}]`);
    if ('code' in entry) return { ok: false, violation: entry };
    if (seen.has(entry.invoiceRunDate)) {
      const field = `entries[${index}].invoiceRunDate`;
      return { ok: false, violation: invalid(`${field} repeats an earlier run date`, field) };
    }
    seen.add(entry.invoiceRunDate);
    entries.push(entry);
  }
  entries.sort((a, b) => (a.invoiceRunDate < b.invoiceRunDate ? -1 : 1));
  return { ok: true, frequency: null, entries };
}
