import { isValidTimeZone, runDateFor as sut } from './run-date';

describe('runDateFor', () => {
  const instant = new Date('2024-03-01T23:30:00.000Z');

  it('is the UTC date in UTC', () => expect(sut(instant, 'UTC')).toBe('2024-03-01'));

  it('is the next day east of Greenwich late in the UTC evening', () =>
    expect(sut(instant, 'Europe/Amsterdam')).toBe('2024-03-02'));

  it('is the previous day west of Greenwich early in the UTC morning', () =>
    expect(sut(new Date('2024-03-02T03:00:00.000Z'), 'America/New_York')).toBe('2024-03-01'));

  it('follows daylight saving time', () => {
    expect(sut(new Date('2024-07-01T22:30:00.000Z'), 'Europe/Amsterdam')).toBe('2024-07-02');
    expect(sut(new Date('2024-01-01T22:30:00.000Z'), 'Europe/Amsterdam')).toBe('2024-01-01');
  });

  it('knows real zones and refuses made-up ones', () => {
    expect(isValidTimeZone('Asia/Tokyo')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
