import { isCalendarDate, isDecimalString } from '@app/event-contracts';

/**
 * Field readers for event data. They check what the read model needs to store a value safely
 * (type, format, size, enumerations the schema constrains), not business rules: a rule the process
 * run can judge (splits summing to 100, an ISO currency) is left to it, because a refused event
 * holds its whole contract back.
 */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field} ${message}`);
  }
}

export type JsonObject = Readonly<Record<string, unknown>>;

export const MAX_ID_LENGTH = 256;
export const MAX_TEXT_LENGTH = 10_000;
export const MAX_LIST_LENGTH = 10_000;

/** U+0000 and a UTF-16 surrogate without its pair: PostgreSQL refuses the one and alters the other. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text the read model can store exactly as sent. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value);
}
const CURRENCY = /^[A-Z]{3}$/;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FieldReader {
  constructor(
    private readonly json: JsonObject,
    private readonly path: string,
  ) {}

  private at(field: string): string {
    return `${this.path}.${field}`;
  }

  private value(field: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.json, field) ? this.json[field] : undefined;
  }

  id(field: string): string {
    const value = this.value(field);
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > MAX_ID_LENGTH) {
      throw new FieldError(this.at(field), `must be a non-empty id of at most ${MAX_ID_LENGTH} characters`);
    }
    if (!isStorableText(value))
      throw new FieldError(this.at(field), 'must not contain U+0000 or unpaired surrogates');
    return value;
  }

  text(field: string): string {
    const value = this.nullableText(field);
    if (value === null || value.length === 0)
      throw new FieldError(this.at(field), 'must be a non-empty string');
    return value;
  }

  nullableText(field: string): string | null {
    const value = this.value(field);
    if (value === null) return null;
    if (typeof value !== 'string' || value.length > MAX_TEXT_LENGTH) {
      throw new FieldError(this.at(field), `must be a string of at most ${MAX_TEXT_LENGTH} characters`);
    }
    if (!isStorableText(value))
      throw new FieldError(this.at(field), 'must not contain U+0000 or unpaired surrogates');
    return value;
  }

  date(field: string): string {
    const value = this.value(field);
    if (!isCalendarDate(value)) throw new FieldError(this.at(field), 'must be a calendar date YYYY-MM-DD');
    return value;
  }

  decimal(field: string): string {
    const value = this.value(field);
    if (!isDecimalString(value))
      throw new FieldError(this.at(field), 'must be a decimal string such as "12.50"');
    return value;
  }

  nullableDecimal(field: string): string | null {
    return this.value(field) === null ? null : this.decimal(field);
  }

  currency(field: string): string {
    const value = this.value(field);
    if (typeof value !== 'string' || !CURRENCY.test(value)) {
      throw new FieldError(this.at(field), 'must be a three-letter currency code');
    }
    return value;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.value(field);
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw new FieldError(this.at(field), `must be one of ${allowed.join(', ')}`);
    }
    return value as T;
  }

  nullableObject(field: string): JsonObject | null {
    const value = this.value(field);
    if (value === null) return null;
    if (!isObject(value)) throw new FieldError(this.at(field), 'must be an object or null');
    return value;
  }

  /** Each element read by `read` with a reader on it (for objects) or its raw value. */
  list<T>(field: string, read: (element: FieldReader) => T): T[] {
    return this.array(field).map((element, i) => {
      const path = `${this.at(field)}[${i}]`;
      if (!isObject(element)) throw new FieldError(path, 'must be an object');
      return read(new FieldReader(element, path));
    });
  }

  enumList<T extends string>(field: string, allowed: readonly T[]): T[] {
    return this.array(field).map((element, i) => {
      if (typeof element !== 'string' || !(allowed as readonly string[]).includes(element)) {
        throw new FieldError(`${this.at(field)}[${i}]`, `must be one of ${allowed.join(', ')}`);
      }
      return element as T;
    });
  }

  private array(field: string): readonly unknown[] {
    const value = this.value(field);
    if (!Array.isArray(value) || value.length > MAX_LIST_LENGTH) {
      throw new FieldError(this.at(field), `must be an array of at most ${MAX_LIST_LENGTH} elements`);
    }
    return value;
  }
}
