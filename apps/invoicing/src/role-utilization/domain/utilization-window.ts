import { addDays } from '@app/event-contracts';

export interface DateRange {
  readonly from: string;
  readonly to: string;
}

/**
 * The "previous seven days" the `UpdateRoleUtilization` workflow recomputes for a run on
 * `runDate`: the seven whole days before it. The run date itself is still under way, so its
 * figures would only be partial.
 */
export function previousSevenDays(runDate: string): DateRange {
  return { from: addDays(runDate, -7), to: addDays(runDate, -1) };
}
