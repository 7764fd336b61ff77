import { minorUnitsOf } from './currencies';
import { Decimal, formatDecimal, multiply, parseDecimal, rescale } from './decimal';

/** An amount of a currency, held as an integer count of the currency's minor units. */
export interface Money {
  readonly currency: string;
  readonly minor: bigint;
}

export function money(amount: string, currency: string): Money {
  return { currency, minor: rescale(parseDecimal(amount), minorUnitsOf(currency)).units };
}

export function zero(currency: string): Money {
  return { currency, minor: 0n };
}

/** `quantity × unitPrice`, rounded half-up to the currency's minor unit. */
export function lineAmount(quantity: string, unitPrice: string, currency: string): Money {
  const exact: Decimal = multiply(parseDecimal(quantity), parseDecimal(unitPrice));
  return { currency, minor: rescale(exact, minorUnitsOf(currency)).units };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} and ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { currency: a.currency, minor: a.minor + b.minor };
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { currency: a.currency, minor: a.minor - b.minor };
}

export function negate(a: Money): Money {
  return { currency: a.currency, minor: -a.minor };
}

export function sum(currency: string, items: readonly Money[]): Money {
  return items.reduce(add, zero(currency));
}

export function compare(a: Money, b: Money): number {
  sameCurrency(a, b);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

/** The decimal string of an amount with exactly the currency's minor units: "1250.00", "1250" for JPY. */
export function format(m: Money): string {
  return formatDecimal({ units: m.minor, scale: minorUnitsOf(m.currency) });
}

/**
 * Splits an amount by percentages (non-negative decimal strings summing to 100) as docs/product.md 2 says:
 * every part but the last is its exact share rounded half-up, and the last gets the rest, so the
 * parts add up exactly to the whole. Where the rounded-up parts would hand out more than the whole
 * (a few cents: 0.05 over 30/30/30/10 gives 0.02, 0.02, 0.02 and would leave -0.01), a part takes
 * only what is left, so no part is ever negative: 0.02, 0.02, 0.01, 0.00. A negative whole splits
 * as the negation of its absolute value, so a credit mirrors the invoice it credits.
 */
export function splitByPercent(whole: Money, percents: readonly string[]): Money[] {
  return splitterByPercent(percents)(whole);
}

/**
 * {@link splitByPercent} with the percentages parsed and checked once, for splitting many amounts
 * by the same percentages (a line's details, one running total after another).
 */
export function splitterByPercent(percents: readonly string[]): (whole: Money) => Money[] {
  const weights = basisOf(percents);
  return (whole) => splitWith(weights, whole);
}

function splitWith(weights: { units: bigint[]; hundred: bigint }, whole: Money): Money[] {
  const magnitude = whole.minor < 0n ? -whole.minor : whole.minor;
  let left = magnitude;
  const parts = weights.units.map((units, index) => {
    if (index === weights.units.length - 1) return left;
    const halfUp = (2n * magnitude * units + weights.hundred) / (2n * weights.hundred);
    const part = halfUp < left ? halfUp : left;
    left -= part;
    return part;
  });
  return parts.map((part) => ({ currency: whole.currency, minor: whole.minor < 0n ? -part : part }));
}

/** The percentages as integers of one common scale, and what 100 % is at that scale. */
function basisOf(percents: readonly string[]): { units: bigint[]; hundred: bigint } {
  const decimals = percents.map(parseDecimal);
  const scale = Math.max(0, ...decimals.map((d) => d.scale));
  const units = decimals.map((d) => rescale(d, scale).units);
  const hundred = 100n * 10n ** BigInt(scale);
  if (units.length === 0 || units.some((u) => u < 0n) || units.reduce((a, b) => a + b, 0n) !== hundred) {
    throw new RangeError(`percentages must be non-negative and sum to 100: ${percents.join(', ')}`);
  }
  return { units, hundred };
}
