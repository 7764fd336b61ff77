import { BatchJobDecision, allow, refuse } from './batch-job-rule-violation';

export const DEFAULT_FREQUENCY = 'Daily';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const SHORTEST = SECOND;
const LONGEST = 366 * DAY;

const NAMED: Readonly<Record<string, number>> = { Daily: DAY, Hourly: HOUR };

/** PnW, PnD, PTnH, PTnM, PTn[.fff]S, in that order, each optional; fractions on seconds only. */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,3}))?S)?)?$/;

/**
 * A job frequency as a fixed length of time: `Daily` (24 hours, as the seed's timer), `Hourly`, or an
 * ISO-8601 duration such as `PT5S`, `PT1M30S` or `P1DT2H`. A day is exactly 24 hours and a week
 * 7 days, whatever the business time zone does with daylight saving: the timer is "frequency after
 * the end of the last run", not a wall-clock schedule. Years and months are refused because they
 * have no fixed length; so are negative, zero, sub-second and over-a-year durations, which are
 * operator mistakes rather than schedules.
 */
export function parseFrequency(text: string): BatchJobDecision<number> {
  const named = NAMED[text];
  if (named !== undefined) return allow(named);
  if (/^P[^T]*[YM]/.test(text)) {
    return invalid(text, 'years and months have no fixed length; use days or weeks');
  }
  const match = DURATION.exec(text);
  if (match === null || text === 'P' || text.endsWith('T')) {
    return invalid(text, 'expected Daily, Hourly or an ISO-8601 duration such as PT5S or P1DT2H');
  }
  const [weeks, days, hours, minutes, seconds, fraction] = match.slice(1).map((part) => part ?? '0');
  const milliseconds =
    Number(weeks) * WEEK +
    Number(days) * DAY +
    Number(hours) * HOUR +
    Number(minutes) * MINUTE +
    Number(seconds) * SECOND +
    Number(fraction.padEnd(3, '0'));
  if (milliseconds < SHORTEST) return invalid(text, 'must be at least one second');
  if (milliseconds > LONGEST) return invalid(text, 'must be at most 366 days');
  return allow(milliseconds);
}

function invalid(text: string, why: string): BatchJobDecision<number> {
  return refuse('INVALID_FREQUENCY', `frequency ${JSON.stringify(text)}: ${why}`, 'frequency');
}
