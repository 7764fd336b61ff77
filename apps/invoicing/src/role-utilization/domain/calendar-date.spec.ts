import { addDays, datesBetween, isCalendarDate } from './calendar-date';

describe('calendar dates', () => {
  it('knows real dates', () => {
    expect(['2024-02-29', '2025-12-31'].map(isCalendarDate)).toEqual([true, true]);
    expect(['2025-02-29', '2024-13-01', '2024-3-1', ''].map(isCalendarDate)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('steps whole days across a daylight saving change', () => {
    expect(addDays('2024-03-30', 2)).toBe('2024-04-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('lists a range with both ends, and nothing for a reversed one', () => {
    expect(datesBetween('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(datesBetween('2024-03-02', '2024-03-01')).toEqual([]);
  });
});
