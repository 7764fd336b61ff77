import { BatchJobDecision, allow, refuse } from './batch-job-rule-violation';

/** True for a time zone name Intl knows ('UTC', 'Europe/Amsterdam'); for configuration checks. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A run-now may date its run today or earlier (both `YYYY-MM-DD`), never after today. */
export function checkRunDateNotInFuture(runDate: string, today: string): BatchJobDecision<string> {
  if (runDate > today) {
    return refuse('RUN_DATE_IN_FUTURE', `runDate ${runDate} is after today (${today})`, 'runDate');
  }
  return allow(runDate);
}
