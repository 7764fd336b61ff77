import { ScheduleEntry, ScheduleFrequency } from '@app/event-contracts';
import { contractNotFound, lineNotFound } from './contract-guards';
import { ContractState, findLine, InvoiceScheduleState } from './contract.state';
import { generateInvoiceSchedule, ScheduleResult } from './invoice-schedule';
import { explicitInvoiceSchedule, RequestedScheduleEntry } from './invoice-schedule-entries';
import { accept, Decision, reject } from './rule-violation';

/** A frequency as requested (docs/product.md 4.4): `days` may be left out, the start date fills it in. */
export interface RequestedScheduleFrequency {
  readonly period: ScheduleFrequency['period'];
  readonly days?: string | readonly number[];
}

/** Either a frequency with a start and end date, or explicit entries (docs/product.md 4.4). */
export interface SetInvoiceScheduleData {
  readonly contractId: string;
  readonly contractLineId: string;
  readonly frequency?: RequestedScheduleFrequency | null;
  readonly startDate?: string | null;
  readonly endDate?: string | null;
  readonly entries?: readonly RequestedScheduleEntry[] | null;
}

export interface SetInvoiceSchedule {
  readonly type: 'SetInvoiceSchedule';
  readonly data: SetInvoiceScheduleData;
}

const present = (value: unknown) => value !== undefined && value !== null;

function requestedSchedule(data: SetInvoiceScheduleData): ScheduleResult {
  const byFrequency = present(data.frequency) || present(data.startDate) || present(data.endDate);
  if (byFrequency === present(data.entries)) {
    const message = 'give either frequency with startDate and endDate, or entries';
    return { ok: false, violation: { code: 'INVALID_SCHEDULE', message, field: 'entries' } };
  }
  return byFrequency
    ? generateInvoiceSchedule(data.frequency, data.startDate, data.endDate)
    : explicitInvoiceSchedule(data.entries);
}

function sameEntries(a: readonly ScheduleEntry[], b: readonly ScheduleEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (entry, i) =>
        entry.invoiceRunDate === b[i].invoiceRunDate &&
        entry.transactionCutoffDate === b[i].transactionCutoffDate,
    )
  );
}

function sameFrequency(a: ScheduleFrequency | null, b: ScheduleFrequency | null): boolean {
  if (a === null || b === null) return a === b;
  const daysOf = (f: ScheduleFrequency) => ('days' in f ? f.days : null);
  return a.period === b.period && JSON.stringify(daysOf(a)) === JSON.stringify(daysOf(b));
}

function sameSchedule(current: InvoiceScheduleState | null, next: InvoiceScheduleState): boolean {
  return (
    current !== null &&
    sameFrequency(current.frequency, next.frequency) &&
    sameEntries(current.entries, next.entries)
  );
}

/**
 * Sets a time-and-material line's invoice schedule.
 *
 * The published entries replace the line's entries that have not been run yet (docs/product.md 4.2,
 * `InvoiceScheduleSet`). Which entries have run is the invoicing service's
 * knowledge (a run date may be explicit, a run may catch up after downtime), so this decision does
 * not filter by today's date: every requested entry is published, past ones included, and the
 * invoicing side keeps the entries it has already run. A backdated schedule therefore still bills
 * its past periods on the next run, and an empty `entries` list withdraws the unrun entries.
 * Setting the schedule the line already has is a no-op.
 */
export function decideSetInvoiceSchedule(command: SetInvoiceSchedule, state: ContractState): Decision {
  const { contractId, contractLineId } = command.data;
  if (!state.exists) return contractNotFound(contractId);
  const line = findLine(state, contractLineId);
  if (!line) return lineNotFound(contractLineId);
  if (line.billingMethod === 'FixedPrice') {
    const message = 'a fixed-price line is invoiced by its milestones, not by a schedule';
    return reject('SCHEDULE_ON_FIXED_PRICE_LINE', message, 'contractLineId');
  }
  const schedule = requestedSchedule(command.data);
  if (!schedule.ok) return schedule;
  const { frequency, entries } = schedule;
  if (sameSchedule(line.schedule, { frequency, entries })) return accept();
  return accept({ type: 'InvoiceScheduleSet', data: { contractId, contractLineId, frequency, entries } });
}
