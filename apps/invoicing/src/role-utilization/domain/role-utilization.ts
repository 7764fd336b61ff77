import {
  Decimal,
  TransactionClass,
  datesBetween,
  isCalendarDate,
  formatDecimal,
  isDecimalString,
  parseDecimal,
  rescale,
} from '@app/event-contracts';

/** Transactions without a resource role still count, under this role, so no hours go missing. */
export const UNASSIGNED_ROLE = 'Unassigned';
const LONGEST_RANGE_DAYS = 366;

export interface UtilizationTransaction {
  readonly transactionId: string;
  readonly transactionClass: TransactionClass;
  readonly transactionDate: string;
  /** For a `Time` transaction, hours. */
  readonly quantity: string;
  readonly resourceRole: string | null;
}

export interface RoleUtilization {
  readonly resourceRole: string;
  readonly date: string;
  readonly billableHours: string;
  readonly capacityHours: string;
  /** billableHours / capacityHours × 100, half-up to 2 decimals. */
  readonly utilizationPercent: string;
}

/**
 * Billable utilization per resource role and day (the `UpdateRoleUtilization` workflow): the sum
 * of `Time` quantities against a fixed daily capacity. Every role that has Time in the range gets a
 * row for every day of the range, so an idle day shows as 0 % rather than as a gap. Rows are
 * ordered by role, then date. All arithmetic is exact decimal.
 */
export function computeRoleUtilization(
  transactions: readonly UtilizationTransaction[],
  from: string,
  to: string,
  capacityHoursPerDay: string,
): RoleUtilization[] {
  const capacity = parseCapacity(capacityHoursPerDay);
  const dates = rangeOf(from, to);
  const hours = hoursByRoleAndDate(transactions, from, to);
  const roles = [...hours.keys()].sort();
  return roles.flatMap((role) =>
    dates.map((date) => {
      const billable = hours.get(role)?.get(date) ?? { units: 0n, scale: 0 };
      return {
        resourceRole: role,
        date,
        billableHours: formatHours(billable),
        capacityHours: formatHours(capacity),
        utilizationPercent: percentOf(billable, capacity),
      };
    }),
  );
}

function hoursByRoleAndDate(
  transactions: readonly UtilizationTransaction[],
  from: string,
  to: string,
): Map<string, Map<string, Decimal>> {
  const hours = new Map<string, Map<string, Decimal>>();
  for (const t of transactions) {
    if (t.transactionClass !== 'Time' || t.transactionDate < from || t.transactionDate > to) continue;
    const role = t.resourceRole ?? UNASSIGNED_ROLE;
    const byDate = hours.get(role) ?? new Map<string, Decimal>();
    const before = byDate.get(t.transactionDate) ?? { units: 0n, scale: 0 };
    byDate.set(t.transactionDate, addDecimals(before, parseDecimal(t.quantity)));
    hours.set(role, byDate);
  }
  return hours;
}

function rangeOf(from: string, to: string): string[] {
  if (!isCalendarDate(from) || !isCalendarDate(to)) throw new RangeError(`bad date range ${from}..${to}`);
  const dates = datesBetween(from, to);
  if (dates.length > LONGEST_RANGE_DAYS) throw new RangeError(`range ${from}..${to} is longer than a year`);
  return dates;
}

function parseCapacity(value: string): Decimal {
  if (!isDecimalString(value) || parseDecimal(value).units <= 0n) {
    throw new RangeError(`capacity hours per day must be a positive decimal: ${JSON.stringify(value)}`);
  }
  return parseDecimal(value);
}

function addDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale).units + rescale(b, scale).units, scale };
}

/** Exact, with at least two decimals: "8.00", "7.50", "0.125". */
export function formatHours(hours: Decimal): string {
  let d = rescale(hours, Math.max(hours.scale, 2));
  while (d.scale > 2 && d.units % 10n === 0n) d = { units: d.units / 10n, scale: d.scale - 1 };
  return formatDecimal(d);
}

function percentOf(billable: Decimal, capacity: Decimal): string {
  // billable / capacity × 100 with two decimals = billable × 10^4 / capacity, scales aligned.
  const numerator = billable.units * 10_000n * 10n ** BigInt(capacity.scale);
  const denominator = capacity.units * 10n ** BigInt(billable.scale);
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  let quotient = abs / denominator;
  if ((abs % denominator) * 2n >= denominator) quotient += 1n;
  return formatDecimal({ units: negative ? -quotient : quotient, scale: 2 });
}
