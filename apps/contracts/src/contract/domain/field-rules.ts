import {
  Decimal,
  formatDecimal,
  isCalendarDate,
  isDecimalString,
  isIsoCurrency,
  minorUnitsOf,
  parseDecimal,
} from '@app/event-contracts';
import { RuleViolation } from './rule-violation';

/**
 * Field checks shared by the commands. Each returns the violation or `undefined`, so a command
 * chains them with `??` and stops at the first broken rule.
 */
export type Check = RuleViolation | undefined;

export function checkText(value: unknown, field: string): Check {
  if (typeof value === 'string' && value.trim().length > 0) return undefined;
  return { code: 'INVALID_FIELD', message: `${field} must be a non-empty string`, field };
}

export function checkOptionalText(value: unknown, field: string): Check {
  if (value === undefined || value === null || typeof value === 'string') return undefined;
  return { code: 'INVALID_FIELD', message: `${field} must be a string or null`, field };
}

export function checkDate(value: unknown, field: string): Check {
  if (isCalendarDate(value)) return undefined;
  return { code: 'INVALID_DATE', message: `${field} must be a calendar date YYYY-MM-DD`, field };
}

export function checkDecimal(value: unknown, field: string): Check {
  if (isDecimalString(value)) return undefined;
  return { code: 'INVALID_DECIMAL', message: `${field} must be a decimal string such as "12.50"`, field };
}

export function checkCurrency(value: unknown, field = 'currency'): Check {
  if (typeof value === 'string' && isIsoCurrency(value)) return undefined;
  return {
    code: 'CURRENCY_NOT_ISO_4217',
    message: `${field} must be an ISO 4217 currency code such as "EUR"`,
    field,
  };
}

/** True when `d` has no non-zero digit beyond `decimals` places: "12.50" fits 2, "12.505" does not. */
export function fitsDecimals(d: Decimal, decimals: number): boolean {
  if (d.scale <= decimals) return true;
  return d.units % 10n ** BigInt(d.scale - decimals) === 0n;
}

export function isPositive(d: Decimal): boolean {
  return d.units > 0n;
}

/** A positive amount of money that needs no rounding in the contract's currency. */
export function checkAmount(value: unknown, currency: string, field: string): Check {
  const malformed = checkDecimal(value, field);
  if (malformed) return malformed;
  const amount = parseDecimal(value as string);
  if (!isPositive(amount)) {
    return { code: 'AMOUNT_MUST_BE_POSITIVE', message: `${field} must be greater than zero`, field };
  }
  const decimals = minorUnitsOf(currency);
  if (fitsDecimals(amount, decimals)) return undefined;
  return {
    code: 'AMOUNT_PRECISION_EXCEEDS_CURRENCY',
    message: `${field} has more decimals than ${currency} allows (${decimals})`,
    field,
  };
}

/** The canonical spelling of a decimal string: no leading zeros, the given number of decimals kept. */
export function canonicalDecimal(value: string): string {
  return formatDecimal(parseDecimal(value));
}

/**
 * The decimal's value as text, so that "2.50", "2.5" and "02.5" compare equal. String work only
 * (no bigint): it runs for every transaction when a contract is rebuilt from its events.
 */
export function decimalValueKey(value: string): string {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const integer = whole.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  const text = decimals ? `${integer}.${decimals}` : integer;
  return negative && text !== '0' ? `-${text}` : text;
}

export function sameDecimal(a: string, b: string): boolean {
  return decimalValueKey(a) === decimalValueKey(b);
}

export function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}
