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
 * Splits an amount by percentages (decimal strings summing to 100). Each part is rounded half-up;
 * the remainder goes to the last part so that the parts add up exactly to the whole.
 */
export function splitByPercent(whole: Money, percents: readonly string[]): Money[] {
  const parts: Money[] = [];
  let allocated = 0n;
  percents.forEach((percent, i) => {
    if (i === percents.length - 1) {
      parts.push({ currency: whole.currency, minor: whole.minor - allocated });
      return;
    }
    const p = parseDecimal(percent);
    const share = rescale({ units: whole.minor * p.units, scale: p.scale + 2 }, 0).units;
    allocated += share;
    parts.push({ currency: whole.currency, minor: share });
  });
  return parts;
}
