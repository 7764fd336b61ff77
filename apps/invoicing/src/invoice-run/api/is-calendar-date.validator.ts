import { ValidateBy, ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../../role-utilization/domain';

/** A real calendar date written `YYYY-MM-DD` (no 2024-02-30). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a calendar date YYYY-MM-DD`,
      },
    },
    options,
  );
}
