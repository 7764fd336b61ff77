import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy, ValidationArguments } from 'class-validator';
import { daysFrom, isCalendarDate } from '@app/event-contracts';
import { IsCalendarDate } from '@app/platform';

/** The longest range one request may ask for: a year, leap day included. */
export const LONGEST_UTILIZATION_RANGE_DAYS = 366;

/** `to` must not come before `from`, nor lie more than a year after it (checked once both are dates). */
const IsRangeEndFrom = (fromProperty: string) =>
  ValidateBy({
    name: 'isRangeEnd',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const from = (args?.object as Record<string, unknown> | undefined)?.[fromProperty];
        if (typeof value !== 'string' || typeof from !== 'string') return true;
        if (!isCalendarDate(value) || !isCalendarDate(from)) return true;
        // By arithmetic: a range of ten thousand years is refused at once, without listing its days.
        const days = daysFrom(from, value) + 1;
        return days >= 1 && days <= LONGEST_UTILIZATION_RANGE_DAYS;
      },
      defaultMessage: () =>
        `to must be on or after from, and at most ${LONGEST_UTILIZATION_RANGE_DAYS} days from it`,
    },
  });

export class RoleUtilizationQueryDto {
  @ApiProperty({ format: 'date', example: '2024-03-01' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({
    format: 'date',
    example: '2024-03-07',
    description: `on or after from, at most ${LONGEST_UTILIZATION_RANGE_DAYS} days`,
  })
  @IsCalendarDate()
  @IsRangeEndFrom('from')
  to!: string;
}
