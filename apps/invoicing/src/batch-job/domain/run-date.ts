/**
 * The run date of a process run: the calendar date of an instant in the business time zone
 * (SPEC 3, `BUSINESS_TIMEZONE`). Uses the runtime's IANA zone data through Intl.
 */
export function runDateFor(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** True for a time zone name Intl knows ('UTC', 'Europe/Amsterdam'); for configuration checks. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
