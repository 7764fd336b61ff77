import { isCalendarDate } from '@app/event-contracts';
import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A request field that must be a real calendar date written `YYYY-MM-DD` (docs/product.md, Formats):
 * `2024-02-29` passes, `2025-02-30` and `2024-3-1` do not. The one date check of every DTO.
 */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a calendar date YYYY-MM-DD`,
          options,
        ),
      },
    },
    options,
  );
}
