import { isDecimalString } from '@app/event-contracts';
import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A decimal as a JSON string ("12.50"): a JSON number would already have passed through floating
 * point, so it is refused rather than converted.
 */
export function IsDecimalString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimalString',
      validator: {
        validate: (value: unknown) => isDecimalString(value),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be a decimal string such as "12.50" (at most 18 digits before and 12 after the point)`,
          options,
        ),
      },
    },
    options,
  );
}

/** A weekday name (Weekly, Biweekly) or a list of day numbers (Monthly); the period decides which. */
export function IsScheduleDays(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isScheduleDays',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' ||
          (Array.isArray(value) && value.every((day) => typeof day === 'number' && Number.isInteger(day))),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a weekday name ("Monday") or a list of day numbers ([1, 16])`,
          options,
        ),
      },
    },
    options,
  );
}
